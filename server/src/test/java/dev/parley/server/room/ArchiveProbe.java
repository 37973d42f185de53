package dev.parley.server.room;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.PostgresFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the rooms' archive (XEP-0313) costs, on either storage back end. A measurement, not a test (wall-clock
 * numbers, no assertions); run it after {@code mvn -pl server test-compile}:
 * <pre>
 * cd server &amp;&amp; mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp) dev.parley.server.room.ArchiveProbe queries h2 1000000
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp) dev.parley.server.room.ArchiveProbe cost pg 30 100
 * </pre>
 * {@code queries BACKEND N}: a room whose archive holds N messages (written straight into the table, as an import
 * would), then MAM queries over a socket, each timed from sending it to its {@code <fin/>}: the first page, the last
 * page, one message by id, a page after an id in the middle, a page from a time in the middle, the last page of one
 * publisher, and a count. {@code cost BACKEND SECONDS RATE}: one room, 10 occupants, one of them sending RATE messages
 * a second for SECONDS, with archiving on and then off: the node's CPU per message (the difference is the archive's)
 * and the journal and archive writes per message.
 */
public final class ArchiveProbe {
    public static void main(String[] a) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true,
                "parley.c2s.ping-interval", "60s", "parley.muc.occupant-message-rate", 0));
        boolean pg = a[1].equals("pg");
        if (pg) settings.putAll(PostgresFixture.storage("archive_probe"));
        NodeFixture fixture = new NodeFixture(settings);
        try {
            if (a[0].equals("queries")) queries(fixture, pg, Integer.parseInt(a[2]));
            else cost(fixture, pg, Integer.parseInt(a[2]), Integer.parseInt(a[3]));
        } finally {
            fixture.close();
        }
        System.exit(0);
    }

    static Connection db(NodeFixture f, boolean pg) throws Exception {
        if (pg) return DriverManager.getConnection(PostgresFixture.url("archive_probe"), "parley", "");
        return DriverManager.getConnection("jdbc:h2:file:" + f.dataDir.toAbsolutePath().resolve("journal"), "parley", "");
    }

    static void queries(NodeFixture fixture, boolean pg, int n) throws Exception {
        String room = "million@conference.localhost";
        try (RawClient owner = new RawClient(fixture.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(owner);
            ArchiveContract.persistentRoom(owner, room, "firstwitch");
        }
        {
            Instant t0 = Instant.now().minusSeconds(n * 3L);
            List<String> ids = new ArrayList<>(n);
            long fill = System.nanoTime();
            try (Connection c = db(fixture, pg)) {
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO muc_archive (room, position, stanza_id, stamp, nick, sender_bare, sender, stanza) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 1; i <= n; i++) {
                        String id = UUID.randomUUID().toString();
                        ids.add(id);
                        String nick = "witch" + (i % 100);
                        Element m = Element.builder("message", "jabber:client").attribute("type", "groupchat").attribute("from", room + "/" + nick)
                                .attribute("id", UUID.randomUUID().toString())
                                .add(Element.builder("body", "jabber:client").text("Double, double toil and trouble; fire burn and cauldron bubble, line " + i).build())
                                .add(Element.builder("stanza-id", "urn:xmpp:sid:0").attribute("id", id).attribute("by", room).build()).build();
                        p.setString(1, room);
                        p.setLong(2, i);
                        p.setString(3, id);
                        p.setLong(4, t0.plusSeconds(i * 3L).toEpochMilli());
                        p.setString(5, nick);
                        p.setString(6, nick + "@localhost");
                        p.setString(7, nick + "@localhost/cauldron");
                        p.setBytes(8, dev.parley.protocol.xml.XmlWriter.toBytes(m));
                        p.addBatch();
                        if (i % 5000 == 0) {
                            p.executeBatch();
                            c.commit();
                        }
                    }
                    p.executeBatch();
                    c.commit();
                }
                if (pg) try (var s = c.createStatement()) {
                    c.setAutoCommit(true);
                    s.execute("ANALYZE muc_archive");
                }
                try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM muc_archive WHERE room = '" + room + "'")) {
                    r.next();
                    System.out.printf("%s: %,d messages archived in %.0f s%n", pg ? "PostgreSQL" : "H2", r.getLong(1), (System.nanoTime() - fill) / 1e9);
                }
            }
            // a client that comes now (an open public room's archive is open to anyone, XEP-0313 §6.1.2)
            RawClient crone = new RawClient(fixture.node.c2sPort());
            StreamHardeningTest.anonymousLogin(crone);
            String middle = ids.get(n / 2);
            String midTime = t0.plusSeconds((n / 2) * 3L).toString();
            time(crone, room, "first page (max 50)", "<max>50</max>", "");
            time(crone, room, "last page (<before/>, max 50)", "<max>50</max><before/>", "");
            time(crone, room, "one message by id (ids)", null, field("ids", middle));
            time(crone, room, "a page after an id in the middle (after-id, max 50)", "<max>50</max>", field("after-id", middle));
            time(crone, room, "a page from a time in the middle (start, max 50)", "<max>50</max>", field("start", midTime));
            time(crone, room, "last page of one publisher (with, <before/>, max 50)", "<max>50</max><before/>", field("with", room + "/witch7"));
            time(crone, room, "the count (max 0)", "<max>0</max>", "");
            crone.close();
        }
    }

    static String field(String var, String value) {
        return "<field var='" + var + "'><value>" + value + "</value></field>";
    }

    static void time(RawClient c, String room, String what, String rsm, String fields) throws Exception {
        List<Long> micros = new ArrayList<>();
        int results = 0;
        for (int run = 0; run < 25; run++) {
            String id = "t" + UUID.randomUUID();
            String x = fields.isEmpty() ? "" : "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                    + fields + "</x>";
            long start = System.nanoTime();
            c.send("<iq type='set' id='" + id + "' to='" + room + "'><query xmlns='urn:xmpp:mam:2'>" + x
                    + (rsm == null ? "" : "<set xmlns='http://jabber.org/protocol/rsm'>" + rsm + "</set>") + "</query></iq>");
            int got = 0;
            while (true) {
                Element e = c.nextElement();
                if (e.name().equals("iq") && id.equals(e.attribute("id"))) {
                    if (!"result".equals(e.attribute("type"))) throw new IllegalStateException(what + ": " + e);
                    if (run == 0) {
                        String count = e.child("fin", "urn:xmpp:mam:2").child("set", "http://jabber.org/protocol/rsm").childText("count", "http://jabber.org/protocol/rsm");
                        if (count != null) System.out.println("  (count: " + count + ")");
                    }
                    break;
                }
                got++;
            }
            if (run >= 5) micros.add((System.nanoTime() - start) / 1000); // the first 5 warm up
            results = got;
        }
        Collections.sort(micros);
        System.out.printf("  %-55s %3d results   median %6.2f ms   p90 %6.2f ms%n", what, results, micros.get(micros.size() / 2) / 1000.0,
                micros.get(micros.size() * 9 / 10) / 1000.0);
    }

    static void cost(NodeFixture fixture, boolean pg, int seconds, int rate) throws Exception {
        boolean first = true;
        for (boolean archiving : new boolean[] {true, true, false, true, false}) {
            boolean warmUp = first;
            first = false;
            String room = "cost-" + archiving + "-" + UUID.randomUUID().toString().substring(0, 8) + "@conference.localhost";
            List<RawClient> occupants = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    RawClient c = new RawClient(fixture.node.c2sPort());
                    StreamHardeningTest.anonymousLogin(c);
                    occupants.add(c);
                }
                ArchiveContract.persistentRoom(occupants.get(0), room, "witch0", "muc#roomconfig_enablearchiving", archiving ? "1" : "0");
                for (int i = 1; i < 10; i++) BusinessRulesTest.enter(occupants.get(i), room, "witch" + i);
                List<Thread> readers = new ArrayList<>();
                int[] received = new int[10];
                for (int i = 0; i < 10; i++) {
                    RawClient c = occupants.get(i);
                    int k = i;
                    Thread t = new Thread(() -> {
                        try {
                            while (true) if (c.nextElement().name().equals("message")) received[k]++;
                        } catch (Throwable end) {}
                    });
                    t.setDaemon(true);
                    t.setName("probe-reader-" + k);
                    t.start();
                    readers.add(t);
                }
                Thread.sleep(1000);
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long archiveWrites = dev.parley.server.archive.Archive.get(fixture.node.system()).writes.sum();
                long journalBefore = journalRows(fixture, pg, room);
                long cpu = os.getProcessCpuTime();
                long nodeCpu = nodeCpu();
                long start = System.nanoTime();
                int sent = 0;
                RawClient sender = occupants.get(1);
                while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                    long due = start + (long) sent * 1_000_000_000L / rate;
                    long now = System.nanoTime();
                    if (now < due) {
                        Thread.sleep(Math.max(0, (due - now) / 1_000_000));
                        continue;
                    }
                    sender.send("<message to='" + room + "' type='groupchat' id='m" + sent + "'><body>Fillet of a fenny snake, in the cauldron boil and bake " + sent
                            + "</body></message>");
                    sent++;
                }
                Thread.sleep(1500);
                long cpuUsed = os.getProcessCpuTime() - cpu; // the whole JVM: the node and its clients
                long nodeUsed = nodeCpu() - nodeCpu; // the node's threads alone
                long writes = dev.parley.server.archive.Archive.get(fixture.node.system()).writes.sum() - archiveWrites;
                long journal = journalRows(fixture, pg, room) - journalBefore;
                if (warmUp) continue;
                System.out.printf("%s archiving %-3s: %,d messages at %d/s, delivered %,d; node CPU %.1f µs a message (10 deliveries each; whole JVM %.1f); "
                        + "journal writes %.3f a message, archive writes %.3f a message%n", pg ? "PostgreSQL" : "H2", archiving ? "on" : "off", sent, rate,
                        java.util.Arrays.stream(received).sum(), nodeUsed / 1000.0 / sent, cpuUsed / 1000.0 / sent, journal / (double) sent, writes / (double) sent);
            } finally {
                for (RawClient c : occupants) c.close();
            }
        }
    }

    /** CPU time of every live thread but the probe's own (main and its readers): the node's. */
    static long nodeCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || t.getThreadName().startsWith("probe-reader-") || t.getThreadName().equals("main")) continue;
            long c = threads.getThreadCpuTime(t.getThreadId());
            if (c > 0) sum += c;
        }
        return sum;
    }

    static long journalRows(NodeFixture f, boolean pg, String room) throws Exception {
        try (Connection c = db(f, pg); PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
            p.setString(1, "Room|" + room);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
