package dev.parley.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged server jar, started as {@code scripts/run} starts it, comes up and serves. (The shaded jar
 * concatenates every library's reference.conf; a setting of ours lost in that merge once broke it while
 * every in-module test passed.) Runs here because the server module is packaged before this one.
 */
class PackagedServerTest {
    @Test
    void thePackagedJarStartsANode() throws Exception {
        Path jar = Path.of("..", "server", "target", "parley-server.jar").toAbsolutePath().normalize();
        assertTrue(Files.exists(jar), "the server jar is built before this module's tests: " + jar);
        Path data = Files.createTempDirectory("parley-packaged");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--data-dir", data.toString(), "--bind", "127.0.0.1", "--c2s-port", "0", "--tls-port", "0", "--websocket-port", "0",
                "--config", Files.writeString(data.resolve("test.conf"), "parley.cluster.port = 0\n").toString())
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        boolean serving = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                output.add(line);
                if (line.contains("Parley is serving")) {
                    serving = true;
                    break;
                }
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook closes the node
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        String log = String.join("\n", output);
        assertTrue(serving, "the node did not come up:\n" + log);
        assertTrue(output.stream().noneMatch(l -> l.contains(" ERROR ")), "errors while starting:\n" + log);
    }
}
