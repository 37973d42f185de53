package dev.parley.loadtest;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadtest calibrate}: what this machine charges for the two things every delivery is made of, so
 * a reader can tell a server's cost from the machine's. A server at light load wakes a sleeping thread
 * for nearly every stanza (the socket's event loop, the actor that handles it), and writes it to a
 * socket; on a virtual machine a wake-up can cost more CPU than the work it wakes the thread for.
 *
 * <ul>
 *   <li><b>hand-off</b>: two threads pass a turn back and forth, each parking until the other unparks it:
 *       the CPU both use, per hand-off.</li>
 *   <li><b>loopback round trip</b>: 100 bytes to an echoing thread over TCP on 127.0.0.1 and back, each
 *       side blocking in read: the CPU both use, per round trip (two writes, two reads, two wake-ups).</li>
 * </ul>
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "The machine's CPU cost of a thread wake-up and of a loopback TCP round trip.")
public final class Calibrate implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "20000", description = "hand-offs and round trips to time (default ${DEFAULT-VALUE})")
    int rounds;

    record Costs(double handOffMicros, double roundTripMicros) {
        String line() {
            return String.format(Locale.ROOT, "%.1f µs CPU per thread hand-off (park/unpark), %.1f µs CPU per loopback TCP round trip of 100 bytes",
                    handOffMicros, roundTripMicros);
        }
    }

    @Override
    public Integer call() throws Exception {
        System.out.println(measure(rounds).line());
        return 0;
    }

    static Costs measure(int rounds) throws Exception {
        handOff(rounds / 4); // warm-up
        roundTrip(rounds / 4);
        return new Costs(handOff(rounds), roundTrip(rounds));
    }

    /** CPU µs per hand-off between two threads that park while it is the other's turn. */
    static double handOff(int rounds) throws InterruptedException {
        AtomicLong turn = new AtomicLong();
        Thread[] threads = new Thread[2];
        long[] cpu = new long[2];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int side = 0; side < 2; side++) {
            int me = side;
            threads[side] = new Thread(() -> {
                long start = mx.getCurrentThreadCpuTime();
                for (long t = me; t < 2L * rounds; t += 2) {
                    while (turn.get() != t) LockSupport.park(turn);
                    turn.incrementAndGet();
                    LockSupport.unpark(threads[1 - me]);
                }
                cpu[me] = mx.getCurrentThreadCpuTime() - start;
            }, "calibrate-" + side);
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        return (cpu[0] + cpu[1]) / 1000.0 / (2.0 * rounds);
    }

    /** CPU µs per 100-byte round trip over loopback TCP, both ends blocking. */
    static double roundTrip(int rounds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] echoCpu = new long[1];
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                long start = mx.getCurrentThreadCpuTime();
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    s.setTcpNoDelay(true);
                    byte[] buf = new byte[100];
                    for (int i = 0; i < rounds; i++) {
                        in.readNBytes(buf, 0, buf.length);
                        out.write(buf);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                echoCpu[0] = mx.getCurrentThreadCpuTime() - start;
            }, "calibrate-echo");
            echo.start();
            long mine;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                s.setTcpNoDelay(true);
                byte[] buf = new byte[100];
                long start = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < rounds; i++) {
                    out.write(buf);
                    in.readNBytes(buf, 0, buf.length);
                }
                mine = mx.getCurrentThreadCpuTime() - start;
            }
            echo.join();
            return (mine + echoCpu[0]) / 1000.0 / rounds;
        }
    }
}
