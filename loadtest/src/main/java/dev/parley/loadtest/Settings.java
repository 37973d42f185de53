package dev.parley.loadtest;

/**
 * One run of the generator.
 *
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
public record Settings(Target target, Accounts accounts, Scenario scenario, int clients, int rooms, int actions, double rate,
        int rampUpSeconds, int durationSeconds, int bodySize, int concurrency, int maxSeconds, int drainSeconds, int threads,
        String roomPrefix, String label) {

    public Settings {
        if (clients < 1) throw new IllegalArgumentException("--clients must be at least 1");
        if (rooms < 1) throw new IllegalArgumentException("--rooms must be at least 1");
        if (actions < 0 || rate < 0) throw new IllegalArgumentException("--msgs and --rate must not be negative");
        if (maxSeconds < 1) throw new IllegalArgumentException("--max-seconds must be at least 1");
        if (clients > accounts.capacity()) throw new IllegalArgumentException("more clients than accounts");
        if (scenario.oneRoom()) rooms = 1;
        if (rooms > clients) rooms = clients;
    }

    /** The room of client {@code i}. */
    public String roomOf(int i) {
        return roomPrefix + "-" + (i % rooms) + "@" + target.muc();
    }
}
