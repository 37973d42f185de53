package dev.parley.server.room;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a flooding occupant achieves against the message rate limit (feature/MessageRate), and whether a
 * moderator's messages wait meanwhile: a node with the default limits, one occupant sending {@code perSecond}
 * groupchat messages a second for {@code seconds}, the owner one message every 500 ms, timed to its reflection.
 * A measurement, not a test (no assertions, wall-clock numbers); run it after {@code mvn -pl server test-compile}:
 * <pre>
 * cd server &amp;&amp; mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp) dev.parley.server.room.FloodProbe 20 100
 * </pre>
 */
public final class FloodProbe {
    public static void main(String[] a) throws Exception {
        NodeFixture fixture = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true, "parley.c2s.ping-interval", "60s"));
        String room = "heath@conference.localhost";
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient wicca = new RawClient(fixture.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(crone);
            StreamHardeningTest.anonymousLogin(wicca);
            crone.send("<presence to='" + room + "/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            crone.nextNamed("presence");
            crone.send("<iq type='set' id='cfg' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>");
            crone.answerTo("cfg");
            wicca.send("<presence to='" + room + "/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            wicca.nextNamed("message");
            crone.nextNamed("presence");
            int seconds = Integer.parseInt(a[0]), perSecond = Integer.parseInt(a[1]);
            long start = System.nanoTime();
            int sent = 0;
            // the flooder sends perSecond messages a second; the moderator one every 500 ms, timed to its reflection
            List<Long> modLatencies = new ArrayList<>();
            long nextMod = start;
            int modSent = 0;
            final int[] counts = new int[2];
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Element e = wicca.nextElement();
                        if ("error".equals(e.attribute("type"))) counts[1]++;
                        else if (e.attribute("id") != null && e.attribute("id").startsWith("w")) counts[0]++;
                    }
                } catch (Throwable end) {}
            });
            t.setDaemon(true); t.start();
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = start + (long) sent * 1_000_000_000L / perSecond;
                if (System.nanoTime() >= due) {
                    wicca.send("<message to='" + room + "' type='groupchat' id='w" + sent + "'><body>flood " + sent + "</body></message>");
                    sent++;
                }
                if (System.nanoTime() >= nextMod) {
                    long t0 = System.nanoTime();
                    String id = "c" + modSent++;
                    crone.send("<message to='" + room + "' type='groupchat' id='" + id + "'><body>still here</body></message>");
                    crone.answerTo(id);
                    modLatencies.add((System.nanoTime() - t0) / 1000);
                    nextMod = t0 + 500_000_000L;
                }
                Thread.onSpinWait();
            }
            Thread.sleep(2000);
            Collections.sort(modLatencies);
            System.out.printf("flooder: %d sent in %d s (%d/s), %d reflected, %d refused (resource-constraint)%n", sent, seconds, perSecond, counts[0], counts[1]);
            System.out.printf("moderator's own messages meanwhile: %d, reflection latency median %d us, max %d us%n", modLatencies.size(),
                    modLatencies.get(modLatencies.size() / 2), modLatencies.get(modLatencies.size() - 1));
        }
        fixture.close();
        System.exit(0);
    }
}
