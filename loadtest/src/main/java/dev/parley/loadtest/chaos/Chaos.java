package dev.parley.loadtest.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Chaos against the local cluster ({@code scripts/cluster chaos}): clients on every node talk in temporary rooms
 * at a steady pace while the node hosting a room is killed (SIGKILL) and started again, several times, and then
 * every node is restarted in turn (a rolling restart). Clients whose node goes reconnect to another node and
 * enter again. The report gives, per client, what it sent, what came back reflected, what was bounced (the
 * room did not answer in time: the client knows), what was lost without a word, and what it heard twice or
 * missed while it was in the room; and the time from each kill to the first message reflected in that room.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, description = "Kill and restart the nodes of the local cluster under load, and count what was lost.")
public final class Chaos implements Callable<Integer> {
    @Option(names = "--clients", description = "clients, spread over the nodes and rooms (default ${DEFAULT-VALUE})")
    int clients = 12;

    @Option(names = "--rooms", description = "rooms (default ${DEFAULT-VALUE})")
    int rooms = 3;

    @Option(names = "--rate", description = "messages a second per client (default ${DEFAULT-VALUE})")
    double rate = 1;

    @Option(names = "--kills", description = "times the node hosting a room is killed and started again (default ${DEFAULT-VALUE})")
    int kills = 3;

    @Option(names = "--no-rolling-restart", description = "do not restart every node in turn at the end")
    boolean noRolling;

    @Option(names = "--settle", description = "seconds between actions (default ${DEFAULT-VALUE})")
    int settle = 10;

    public static void main(String[] args) {
        // Smack logs every connection a killed node drops: expected here, and counted in the report
        java.util.logging.Logger.getLogger("org.jivesoftware").setLevel(java.util.logging.Level.SEVERE);
        System.exit(new CommandLine(new Chaos()).execute(args));
    }

    private final AtomicBoolean talking = new AtomicBoolean(true);

    @Override
    public Integer call() throws Exception {
        Path repo = Path.of(System.getProperty("parley.repository", ".")).toAbsolutePath();
        Path dir = Path.of(System.getenv().getOrDefault("PARLEY_CLUSTER_DIR", "data/cluster")).toAbsolutePath();
        int offset = Integer.parseInt(System.getenv().getOrDefault("PARLEY_CLUSTER_PORT_OFFSET", "0"));
        Nodes nodes = new Nodes(repo, dir, offset);
        int n = nodes.count();
        String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
        System.out.printf("chaos: %d clients in %d rooms on %d nodes, %.1f msg/s each; %d kills%s%n", clients, rooms, n, rate, kills,
                noRolling ? "" : ", then a rolling restart");

        for (int i = 0; i < clients; i++) register(nodes, "chaos" + i);
        List<ChaosClient> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String room = "chaos-" + run + "-" + (i % rooms) + "@conference.localhost";
            // each room's clients spread over every node (client i of room r: node (i / rooms) % n), so that no room
            // has all its occupants on one node, which would end a temporary room when that node restarts
            all.add(new ChaosClient(i, room, nodes, (i / rooms) % n + 1));
        }
        // the first client of each room creates it (an instant, temporary room), the others enter
        for (ChaosClient c : all) {
            if (c.index < rooms) {
                XMPPTCPConnection owner = nodes.login(c.node, c.user, "owner");
                MultiUserChat m = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(JidCreate.entityBareFrom(c.room));
                m.create(Resourcepart.from("owner-" + c.index)).makeInstant();
                c.enter();
                owner.disconnect(); // the room lives on with its occupants
            }
        }
        for (ChaosClient c : all) if (c.index >= rooms) c.enter();

        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        // one thread per client at the most: a client that lost its node enters again at once, not behind others
        ExecutorService reconnect = Executors.newFixedThreadPool(Math.min(all.size(), 32));
        Set<Integer> reconnecting = java.util.concurrent.ConcurrentHashMap.newKeySet();
        pace.scheduleAtFixedRate(() -> {
            if (!talking.get()) return;
            for (ChaosClient c : all) {
                if (c.inRoom()) {
                    c.speak();
                } else if (reconnecting.add(c.index)) {
                    reconnect.execute(() -> {
                        try {
                            c.enter();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            reconnecting.remove(c.index);
                        }
                    });
                }
            }
        }, 0, (long) (1_000_000 / rate), TimeUnit.MICROSECONDS);

        Thread.sleep(settle * 1000L);
        List<Long> killTimes = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            String room = all.get(k % rooms).room;
            int host = nodes.hostOf(room);
            if (host == 0) continue;
            nodes.cluster("kill", Integer.toString(host));
            long killed = System.nanoTime();
            System.out.printf("kill %d: node %d, which hosts %s%n", k + 1, host, room);
            long back = firstReflectionAfter(all, room, killed, TimeUnit.SECONDS.toNanos(90));
            if (back > 0) {
                killTimes.add(TimeUnit.NANOSECONDS.toMillis(back - killed));
                System.out.printf("  first message reflected %d ms after the kill, now on node %d%n", TimeUnit.NANOSECONDS.toMillis(back - killed), nodes.hostOf(room));
            } else {
                System.out.println("  no message reflected within 90 s");
            }
            nodes.cluster("start-node", Integer.toString(host));
            Thread.sleep(settle * 1000L);
        }
        long rollingMillis = 0;
        if (!noRolling) {
            System.out.println("rolling restart");
            long t = System.nanoTime();
            nodes.cluster("rolling-restart");
            rollingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            Thread.sleep(settle * 1000L);
        }
        talking.set(false);
        System.out.println("quiet: waiting 35 s for the last reflections and bounces (parley.muc.reflection-timeout is 30 s)");
        Thread.sleep(35_000);
        pace.shutdownNow();
        reconnect.shutdownNow();
        report(all, killTimes, rollingMillis);
        for (ChaosClient c : all) c.close();
        return 0;
    }

    static void register(Nodes nodes, String user) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration.builder().setXmppDomain("localhost")
                .setHost("127.0.0.1").setPort(nodes.c2sPort(1)).setSecurityMode(org.jivesoftware.smack.ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(Nodes.trusting(Path.of(System.getenv().getOrDefault("PARLEY_CLUSTER_DIR", "data/cluster"))
                        .resolve("node-1/tls/localhost.crt"))).build());
        try {
            c.connect();
            AccountManager am = AccountManager.getInstance(c);
            am.sensitiveOperationOverInsecureConnection(false);
            am.createAccount(Localpart.from(user), user + "-pass");
        } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException exists) {
            // registered by an earlier run
        } finally {
            c.disconnect();
        }
    }

    /** When the first message sent after {@code since} into {@code room} came back reflected to its sender, or 0. */
    static long firstReflectionAfter(List<ChaosClient> all, String room, long since, long within) throws InterruptedException {
        long deadline = since + within;
        while (System.nanoTime() < deadline) {
            long first = 0;
            for (ChaosClient c : all) {
                if (!c.room.equals(room)) continue;
                for (Map.Entry<Integer, Long> e : c.reflectedAt.entrySet()) {
                    Long sent = c.sentAt.get(e.getKey());
                    if (sent != null && sent > since && (first == 0 || e.getValue() < first)) first = e.getValue();
                }
            }
            if (first > 0) return first;
            Thread.sleep(100);
        }
        return 0;
    }

    static void report(List<ChaosClient> all, List<Long> killTimes, long rollingMillis) {
        if (!ChaosClient.FAILED_ENTRIES.isEmpty()) System.out.println("entering again failed: " + ChaosClient.FAILED_ENTRIES);
        // what each room reflected: heard by anyone, or reflected to its sender
        Map<String, Set<String>> reflectedIn = new java.util.HashMap<>();
        for (ChaosClient c : all) {
            Set<String> r = reflectedIn.computeIfAbsent(c.room, x -> new HashSet<>());
            for (List<String> e : c.epochs) r.addAll(e);
            for (int s : c.reflected) r.add(c.nick + " " + s);
        }
        List<String> details = new ArrayList<>();
        long totalLeft = 0;
        long totalSent = 0, totalReflected = 0, totalBounced = 0, totalUnread = 0, totalLost = 0, totalDup = 0, totalMissed = 0;
        System.out.println();
        System.out.println("client  node  sent  reflected  bounced  unread*  lost  heard-twice  missed-while-in  told-it-left  connections");
        for (ChaosClient c : all) {
            Set<String> inRoom = reflectedIn.get(c.room);
            int sent = c.seq;
            int reflected = 0, bounced = 0, unread = 0, lost = 0;
            List<String> lostDetail = new ArrayList<>();
            for (int s = 0; s < sent; s++) {
                if (inRoom.contains(c.nick + " " + s)) reflected++;
                else if (c.bounced.contains(s)) bounced++;
                else if (c.maybeUnread.contains(s) || !c.sentAt.containsKey(s)) unread++;
                else {
                    lost++;
                    long t = c.sentAt.get(s);
                    long nextClose = c.closes.stream().filter(x -> x >= t).min(Long::compare).orElse(0L);
                    lostDetail.add(s + (nextClose > 0 ? "(closed +" + TimeUnit.NANOSECONDS.toMillis(nextClose - t) + "ms)" : ""));
                }
            }
            if (!lostDetail.isEmpty()) details.add(c.nick + " lost " + lostDetail);
            int twice = 0, missed = 0;
            for (List<String> epoch : c.epochs) {
                Set<String> seen = new HashSet<>();
                Map<String, int[]> range = new java.util.HashMap<>(); // sender -> [first, last] heard in this epoch
                for (String b : epoch) {
                    if (!seen.add(b)) twice++;
                    String sender = b.substring(0, b.indexOf(' '));
                    int s = Integer.parseInt(b.substring(b.indexOf(' ') + 1));
                    int[] r = range.computeIfAbsent(sender, x -> new int[] {s, s});
                    r[0] = Math.min(r[0], s);
                    r[1] = Math.max(r[1], s);
                }
                for (Map.Entry<String, int[]> e : range.entrySet()) {
                    for (int s = e.getValue()[0]; s <= e.getValue()[1]; s++) {
                        String b = e.getKey() + " " + s;
                        if (inRoom.contains(b) && !seen.contains(b)) missed++;
                    }
                }
            }
            System.out.printf("%-7s %4d %5d %10d %8d %8d %5d %12d %16d %13d %12d%n", c.nick, c.node, sent, reflected, bounced, unread, lost, twice, missed,
                    c.toldItLeft.get(), c.epochs.size());
            totalLeft += c.toldItLeft.get();
            totalSent += sent;
            totalReflected += reflected;
            totalBounced += bounced;
            totalUnread += unread;
            totalLost += lost;
            totalDup += twice;
            totalMissed += missed;
        }
        details.forEach(System.out::println);
        System.out.printf("%-7s %4s %5d %10d %8d %8d %5d %12d %16d %13d%n", "all", "", totalSent, totalReflected, totalBounced, totalUnread, totalLost, totalDup,
                totalMissed, totalLeft);
        System.out.println("told-it-left: the room said the client was out (its own unavailable presence) while its connection was up: an occupant lost");
        System.out.println("* unread: sent in the last 2 s of a connection that then closed (without XEP-0198 a client cannot know whether the server read it)");
        if (!killTimes.isEmpty()) {
            List<Long> sorted = new ArrayList<>(killTimes);
            java.util.Collections.sort(sorted);
            System.out.printf("kill -9 to first reflected message: %s ms; median %d ms, worst %d ms%n", killTimes, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        }
        if (rollingMillis > 0) System.out.printf("rolling restart: %d ms%n", rollingMillis);
        System.out.println(totalLost == 0 && totalDup == 0 && totalMissed == 0 && totalLeft == 0 ? "RESULT: nothing lost, nothing twice, no occupant lost"
                : "RESULT: LOSS, REPEATS OR OCCUPANTS LOST (see above)");
    }
}
