package dev.parley.loadtest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of the generator.
 *
 * @param targets where the clients connect: one server, or the nodes of a cluster, which client {@code i}
 *     goes to round-robin ({@link #targetOf}); they share the domain, MUC service and stream settings
 * @param clients how many clients connect (N)
 * @param rooms how many rooms they spread over (R; one for hammer and join-storm)
 * @param actions what each client does in the action phase (M): messages, presence changes or rejoins
 * @param rate actions per second per client (r); 0 sends them all at once
 * @param rampUpSeconds spread the connections over this long; 0 connects as fast as {@code concurrency} allows
 * @param durationSeconds stop the action phase after this long even if actions are left; 0 for no limit
 * @param bodySize the size of each message body in bytes (at least what the timestamp needs)
 * @param concurrency logins in flight at once
 * @param maxSeconds the hard cap on the whole run
 * @param drainSeconds how long to wait for deliveries after the last action
 * @param threads event loops (each one core at most)
 * @param roomPrefix the rooms' local parts start with this (unique per run by default)
 */
public record Settings(List<Target> targets, Accounts accounts, Scenario scenario, int clients, int rooms, int actions, double rate,
        int rampUpSeconds, int durationSeconds, int bodySize, int concurrency, int maxSeconds, int drainSeconds, int threads,
        String roomPrefix, String label) {

    public Settings {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) throw new IllegalArgumentException("at least one target");
        Set<String> addresses = new HashSet<>();
        for (Target t : targets) {
            if (!addresses.add(t.address())) throw new IllegalArgumentException("target " + t.address() + " is given twice");
            if (!t.equals(targets.get(0).at(t.host(), t.port()))) {
                throw new IllegalArgumentException("the targets are nodes of one service: they differ in host and port only");
            }
        }
        if (clients < 1) throw new IllegalArgumentException("--clients must be at least 1");
        if (rooms < 1) throw new IllegalArgumentException("--rooms must be at least 1");
        if (actions < 0 || rate < 0) throw new IllegalArgumentException("--msgs and --rate must not be negative");
        if (maxSeconds < 1) throw new IllegalArgumentException("--max-seconds must be at least 1");
        if (clients > accounts.capacity()) throw new IllegalArgumentException("more clients than accounts");
        if (scenario.oneRoom()) rooms = 1;
        if (rooms > clients) rooms = clients;
    }

    /** One server. */
    public Settings(Target target, Accounts accounts, Scenario scenario, int clients, int rooms, int actions, double rate,
            int rampUpSeconds, int durationSeconds, int bodySize, int concurrency, int maxSeconds, int drainSeconds, int threads,
            String roomPrefix, String label) {
        this(List.of(target), accounts, scenario, clients, rooms, actions, rate, rampUpSeconds, durationSeconds, bodySize, concurrency,
                maxSeconds, drainSeconds, threads, roomPrefix, label);
    }

    /** The first target: its domain, MUC service and stream settings are every target's. */
    public Target target() {
        return targets.get(0);
    }

    /** The number of the target client {@code i} connects to: round-robin, {@code i % targets}. */
    public int targetIndexOf(int i) {
        return Math.floorMod(i, targets.size());
    }

    /** The target client {@code i} connects to. */
    public Target targetOf(int i) {
        return targets.get(targetIndexOf(i));
    }

    /** How many of the clients go to each target, in the order of {@link #targets}. */
    public long[] clientsPerTarget() {
        long[] n = new long[targets.size()];
        for (int i = 0; i < clients; i++) n[targetIndexOf(i)]++;
        return n;
    }

    /** The room of client {@code i}. */
    public String roomOf(int i) {
        return roomPrefix + "-" + (i % rooms) + "@" + target().muc();
    }
}
