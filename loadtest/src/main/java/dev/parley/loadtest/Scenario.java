package dev.parley.loadtest;

/**
 * What the clients do once logged in. Every scenario is bounded by the counts given and by
 * {@code --max-seconds}.
 */
public enum Scenario {
    /** Public-room hammer: N clients in one room, each sending M messages at rate r. */
    HAMMER("hammer", "N clients in one room, each sending M groupchat messages at r per second"),
    /** Many rooms: N clients spread over R rooms, each sending M messages at rate r. */
    ROOMS("rooms", "N clients spread over R rooms, each sending M messages at r per second"),
    /** Join storm: N clients join one room as fast as they can; no messages unless asked for. */
    JOIN_STORM("join-storm", "N clients join one room all at once"),
    /** Presence churn: occupants change their status and their nickname, M changes each at rate r. */
    CHURN("churn", "N clients in R rooms, each making M presence changes (status, nickname) at r per second"),
    /** A realistic blend: most occupants talk, some change presence, some leave and come back. */
    MIXED("mixed", "N clients in R rooms: 80% talk, 10% change presence, 10% leave and rejoin; M actions each at r per second");

    public final String cliName;
    public final String description;

    Scenario(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public static Scenario of(String name) {
        for (Scenario s : values()) if (s.cliName.equals(name)) return s;
        throw new IllegalArgumentException("unknown scenario " + name + "; one of hammer, rooms, join-storm, churn, mixed");
    }

    /** What client {@code i} of {@code n} does in the action phase. */
    public Behaviour behaviourOf(int i) {
        return switch (this) {
            case HAMMER, ROOMS, JOIN_STORM -> Behaviour.TALK; // a storm has --msgs 0 by default: it only joins
            case CHURN -> Behaviour.CHURN;
            case MIXED -> switch (i % 10) {
                case 8 -> Behaviour.CHURN;
                case 9 -> Behaviour.REJOIN;
                default -> Behaviour.TALK;
            };
        };
    }

    /** Whether all clients are in one room. */
    public boolean oneRoom() {
        return this == HAMMER || this == JOIN_STORM;
    }

    public enum Behaviour {
        /** Sends groupchat messages. */
        TALK,
        /** Changes its availability (show/status) and, every other time, its nickname (§7.6, §7.7). */
        CHURN,
        /** Leaves the room and enters it again (§7.14, §7.2). */
        REJOIN
    }
}
