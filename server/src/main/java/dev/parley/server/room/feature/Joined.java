package dev.parley.server.room.feature;

import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xml.Element;
import dev.parley.server.room.RoomState;
import java.util.ArrayList;
import java.util.List;

/**
 * The joined point: someone has just entered the room (XEP-0045 §7.2.2). The room has sent the others'
 * presence and the newcomer's to everyone; features add status codes to the newcomer's own presence
 * (100, 170: §7.2.3, §7.2.12) and the stanzas that follow it, in feature order (the history, then the
 * subject: §7.2.13–§7.2.15). The room sends them.
 */
public final class Joined {
    private final RoomState state;
    private final String room;
    private final String newcomer;
    private final MucJoin join;
    private final boolean created;
    private final List<Status> selfStatus = new ArrayList<>();
    private final List<Element> welcome = new ArrayList<>();

    /**
     * @param room the room's bare JID
     * @param newcomer the newcomer's real full JID, where the welcome goes
     * @param join the MUC element of its presence (history limits, password), or null
     * @param created the newcomer has just created the room
     */
    public Joined(RoomState state, String room, String newcomer, MucJoin join, boolean created) {
        this.state = state;
        this.room = room;
        this.newcomer = newcomer;
        this.join = join;
        this.created = created;
    }

    public RoomState state() {
        return state;
    }

    public String room() {
        return room;
    }

    public String newcomer() {
        return newcomer;
    }

    public MucJoin join() {
        return join;
    }

    public boolean created() {
        return created;
    }

    /** The room's discussion history, oldest first. */
    public List<RoomState.StoredMessage> history() {
        return state.history();
    }

    /** Adds a status code to the newcomer's own presence. */
    public void selfStatus(Status code) {
        selfStatus.add(code);
    }

    /** Sends {@code stanza} (addressed to the newcomer) after its own presence. */
    public void welcome(Element stanza) {
        welcome.add(stanza);
    }

    public List<Status> selfStatusCodes() {
        return selfStatus;
    }

    public List<Element> welcomeStanzas() {
        return welcome;
    }
}
