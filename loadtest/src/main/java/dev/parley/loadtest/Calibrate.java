package dev.parley.loadtest;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
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
 *   <li><b>a delivery's floor</b>: one thread writes a stanza's worth (300 bytes) to each of 50 loopback
 *       sockets in turn, each read by a thread of its own that waits in read, and sleeps 10 ms between
 *       rounds (a room's fan-out at light load): the writer's CPU per write. That is the kernel's part of
 *       one delivery, charged to the server that writes it: the system call, TCP's transmit and, on
 *       loopback, the receiving side's TCP and the wake-up of the reader. No server delivers for less.</li>
 * </ul>
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "The machine's CPU cost of a thread wake-up and of a loopback TCP round trip.")
public final class Calibrate implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "20000", description = "hand-offs and round trips to time (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--fan-out-rounds", defaultValue = "100", description = "rounds of 50 writes for a delivery's floor (default ${DEFAULT-VALUE})")
    int fanOutRounds;

    static final int FAN_OUT = 50;
    static final int STANZA_BYTES = 300;

    record Costs(double handOffMicros, double roundTripMicros, double deliveryFloorMicros) {
        String line() {
            return String.format(Locale.ROOT, "%.1f µs CPU per thread hand-off (park/unpark), %.1f µs CPU per loopback TCP round trip of 100 bytes, "
                    + "%.1f µs CPU to write %d bytes to one of %d loopback clients waiting in read (a delivery's floor)",
                    handOffMicros, roundTripMicros, deliveryFloorMicros, STANZA_BYTES, FAN_OUT);
        }
    }

    @Override
    public Integer call() throws Exception {
        System.out.println(measure(rounds, fanOutRounds).line());
        return 0;
    }

    static Costs measure(int rounds, int fanOutRounds) throws Exception {
        handOff(rounds / 4); // warm-up
        roundTrip(rounds / 4);
        fanOut(Math.max(1, fanOutRounds / 4));
        return new Costs(handOff(rounds), roundTrip(rounds), fanOut(fanOutRounds));
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

    /**
     * The writer's CPU µs per write of {@link #STANZA_BYTES} to one of {@link #FAN_OUT} loopback sockets whose
     * readers wait in read, {@code rounds} rounds 10 ms apart (long enough for every reader to wait again).
     */
    static double fanOut(int rounds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<Socket> writers = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, FAN_OUT, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < FAN_OUT; i++) {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept();
                accepted.setTcpNoDelay(true);
                writers.add(accepted);
                Thread reader = new Thread(() -> {
                    byte[] buf = new byte[4096];
                    try (client; InputStream in = client.getInputStream()) {
                        while (in.read(buf) >= 0) {
                            // what a client does with a stanza is not the server's cost
                        }
                    } catch (Exception e) {
                        // closed at the end
                    }
                }, "calibrate-reader-" + i);
                reader.start();
                readers.add(reader);
            }
            byte[] stanza = new byte[STANZA_BYTES];
            List<OutputStream> outs = new ArrayList<>();
            for (Socket w : writers) outs.add(w.getOutputStream());
            Thread.sleep(10);
            long cpu = 0;
            for (int r = 0; r < rounds; r++) {
                long start = mx.getCurrentThreadCpuTime();
                for (OutputStream out : outs) out.write(stanza);
                cpu += mx.getCurrentThreadCpuTime() - start;
                Thread.sleep(10);
            }
            return cpu / 1000.0 / ((double) rounds * FAN_OUT);
        } finally {
            for (Socket w : writers) w.close();
            for (Thread t : readers) t.join(5000);
        }
    }
}
