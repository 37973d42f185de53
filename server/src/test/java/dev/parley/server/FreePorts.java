package dev.parley.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server a test starts a moment later, on a setting that takes a port number (where 0 means "off", as
 * for {@code parley.s2s.port}, or for another process: PostgreSQL, a cluster's remoting).
 *
 * <p>Not an ephemeral one ({@code new ServerSocket(0)}): between the pick and the server's bind, the kernel may give
 * that very port to any outgoing connection on the machine as its local port (the ephemeral range is theirs), and the
 * bind fails with "address already in use". It happened while a load test ran next to the suite. Ports below the
 * ephemeral range are taken only by listeners that ask for them.
 *
 * <p>A port is handed out once per JVM: a test picks several before it starts anything (a cluster's remoting ports,
 * each node's server-to-server port), and two picks of the same free port made two listeners of one test collide.
 */
public final class FreePorts {
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port below the machine's ephemeral range that nothing listens on now, and that this JVM never handed out. */
    public static int pick() throws IOException {
        int low = ephemeralLow();
        int from = Math.max(1024, low - 20_000);
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, low);
            if (!GIVEN.contains(port) && free(port) && GIVEN.add(port)) return port;
        }
        throw new IOException("no free port between " + from + " and " + low);
    }

    /** The first port of the kernel's ephemeral range (net.ipv4.ip_local_port_range); 32768 where it cannot be read. */
    static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > 2048 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    /** Whether a listener may bind {@code port} on loopback and on every address (servers here do one or the other). */
    private static boolean free(int port) {
        try (ServerSocket loopback = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            // bound and released: now the wildcard address
        } catch (IOException taken) {
            return false;
        }
        try (ServerSocket any = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
