package dev.parley.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * {@code scripts/run} as a user runs it, from the repository (this module is built after the server and the load
 * generator, whose jars the launcher needs). On Java 25 and later (the launcher takes JAVA_HOME, else the newest Java
 * installed: scripts/lib/java.sh) the node runs with compact object headers and the AOT cache that
 * {@code scripts/build-server} makes for its jar by a training run (scripts/aot-cache; docs/footprint.md, seventh
 * pass). {@code -XX:AOTMode=on} makes the JVM refuse to start without a cache it can use, so a launcher that passed
 * none, or one made for another jar or Java, fails here. Skipped where the launcher's Java is older than 25.
 */
class LauncherTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void onJava25TheLauncherRunsTheNodeWithCompactHeadersAndTheAotCacheMadeForItsJar() throws Exception {
        int feature = launcherJavaFeature();
        assumeTrue(feature >= 25, "the launcher's Java is " + feature + ": no AOT cache before Java 25");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("parley-launcher");
        Path conf = Files.writeString(data.resolve("test.conf"), "parley.cluster.port = 0\n");
        ProcessBuilder pb = new ProcessBuilder("scripts/run", "--config", conf.toString(), "--data-dir", data.toString(),
                "--bind", "127.0.0.1", "--c2s-port", String.valueOf(port), "--tls-port", "-1", "--websocket-port", "-1",
                "--s2s-port", "0", "--allow-anonymous", "--allow-plaintext-on-loopback")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("PARLEY_JAVA_OPTS", "-XX:AOTMode=on");
        pb.environment().remove("PARLEY_AOT");
        Process p = pb.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) output.add(line);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "launcher-output");
        reader.start();
        try {
            // the first run after a build makes the cache (about a minute on 2 cores), then the node starts
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (System.nanoTime() < deadline && p.isAlive() && output.stream().noneMatch(l -> l.startsWith("Running on "))) {
                Thread.sleep(200);
            }
            String log = String.join("\n", output);
            String running = output.stream().filter(l -> l.startsWith("Running on ")).findFirst().orElse(null);
            assertNotNull(running, "the node did not come up:\n" + log);
            assertTrue(running.contains("Java " + feature + "."), running);
            assertTrue(running.contains("compact object headers"), running);
            assertTrue(running.contains("AOT cache " + ROOT.resolve("server/target/parley-server.aot")), running);
            assertTrue(!running.contains("NOT USED"), running);

            // and it serves: a client logs in, enters a room and hears its own message
            XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain("localhost").setHost("127.0.0.1").setPort(port)
                    .setSecurityMode(SecurityMode.disabled).performSaslAnonymousAuthentication()
                    .setConnectTimeout(5000).build());
            c.setReplyTimeout(10000);
            try {
                c.connect().login();
                MultiUserChat room = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom("launcher@conference.localhost"));
                room.join(Resourcepart.from("tester"));
                room.sendMessage("from a node started with its AOT cache");
                Message reflected = room.nextMessage(10000);
                assertNotNull(reflected, "no reflection of the message");
                assertEquals("from a node started with its AOT cache", reflected.getBody());
            } finally {
                c.disconnect();
            }
        } finally {
            p.destroy(); // SIGTERM to the JVM (scripts/run execs it): the shutdown hook closes the node
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            reader.join(5000);
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The feature version of the Java the launcher chooses (scripts/lib/java.sh). */
    private static int launcherJavaFeature() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "source scripts/lib/java.sh && echo $PARLEY_JAVA_FEATURE")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "scripts/lib/java.sh: " + out);
        return Integer.parseInt(out.lines().reduce((a, b) -> b).orElse("0"));
    }
}
