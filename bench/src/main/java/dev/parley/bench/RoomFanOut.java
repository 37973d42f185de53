package dev.parley.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.XmlWriter;
import dev.parley.server.room.Room;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.Props;

/**
 * One real room actor ({@link Room}, event sourced, in-memory journal) fanning groupchat messages out to
 * N occupants in one process. Each occupant is a stand-in for a session actor that does what a session
 * does with a room's broadcast short of the socket: it serialises its copy (the shared bytes plus its own
 * 'to') into a reused buffer. Prints deliveries per second and process CPU microseconds per delivery,
 * and the heap each occupant and each loaded empty room costs.
 *
 * <p>Usage: {@code scripts/bench-rooms [occupants...]} (default 100 1000).
 */
public final class RoomFanOut {
    static final String ROOM = "hammer@conference.localhost";
    static final NamespaceScope CLIENT = NamespaceScope.ofDefault("jabber:client");

    /** Counts what a stand-in session receives; serialises each copy as the real session would. */
    static final class Occupant {
        final AtomicLong groupchat = new AtomicLong();
        final CountDownLatch joined = new CountDownLatch(1);
        volatile CountDownLatch done;
        volatile long expect;

        Behavior<Inbox> behavior() {
            XmlWriter writer = new XmlWriter(null, 2048);
            return Behaviors.receive(Inbox.class)
                    .onMessage(Inbox.DeliverPrepared.class, d -> {
                        writer.reset();
                        d.stanza().writeTo(writer, d.to(), false);
                        if (d.stanza().template().name().equals("message") && groupchat.incrementAndGet() == expect) done.countDown();
                        return Behaviors.same();
                    })
                    // a newcomer's welcome (the others' presence, its own with 110, history, subject) comes as one message
                    .onMessage(Inbox.DeliverAll.class, all -> {
                        for (var stanza : all.stanzas()) {
                            writer.reset();
                            stanza.writeTo(writer, all.to(), false);
                            if (stanza.template().name().equals("presence") && isSelf(stanza.element(all.to()))) joined.countDown();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Inbox.Deliver.class, d -> {
                        writer.reset();
                        writer.write(d.stanza(), CLIENT);
                        if (d.stanza().name().equals("presence") && isSelf(d.stanza())) joined.countDown();
                        return Behaviors.same();
                    })
                    .build();
        }
    }

    /** A presence with status 110: the occupant's own, which ends its join. */
    static boolean isSelf(Element presence) {
        Element x = presence.child("x", "http://jabber.org/protocol/muc#user");
        if (x == null) return false;
        for (Element st : x.children("status", "http://jabber.org/protocol/muc#user")) if ("110".equals(st.attribute("code"))) return true;
        return false;
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        ActorSystem<SpawnProtocol.Command> system = system();
        try {
            System.out.printf("%s, %d cores, %s%n", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), "one room, stand-in sessions, in-memory journal");
            for (int n : sizes) fanOut(system, n);
            idleRooms(system, 2000);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** A local actor system with an in-memory journal, for one process. */
    static ActorSystem<SpawnProtocol.Command> system() throws java.io.IOException {
        Path snapshots = Files.createTempDirectory("parley-bench-snapshots");
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.loglevel = WARNING
                pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
                pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
                pekko.persistence.snapshot-store.local.dir = "%s"
                # the rooms stay loaded for the whole run, however many are idle
                parley.muc.passivate-idle-rooms-after = 1 hour
                parley.muc.idle-rooms-loaded = 1000000
                """.formatted(snapshots.toString().replace("\\", "/"))).withFallback(dev.parley.server.Node.defaults()).resolve();
        return ActorSystem.create(SpawnProtocol.create(), "bench", config);
    }

    /** {@code n} stand-in sessions enter the room (the first creates it, an instant room); returns their references. */
    static List<Client> enter(ActorSystem<SpawnProtocol.Command> system, ActorRef<Room.Command> room, String roomJid, int n,
            List<Occupant> occupants, String prefix) throws Exception {
        List<Client> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Occupant o = new Occupant();
            occupants.add(o);
            sessions.add(client(system, spawn(system, o.behavior(), prefix + "s" + n + "-" + i)));
        }
        room.tell(new Room.Inbound(join("u0@localhost/r", roomJid, "nick0"), sessions.get(0)));
        occupants.get(0).joined.await(10, TimeUnit.SECONDS);
        room.tell(new Room.Inbound(Element.builder("iq", "jabber:client").attribute("from", "u0@localhost/r").attribute("to", roomJid)
                .attribute("type", "set").attribute("id", "c").add(Element.builder("query", "http://jabber.org/protocol/muc#owner")
                        .add(Element.builder("x", "jabber:x:data").attribute("type", "submit").build()).build()).build(), sessions.get(0)));
        for (int i = 1; i < n; i++) room.tell(new Room.Inbound(join("u" + i + "@localhost/r", roomJid, "nick" + i), sessions.get(i)));
        for (Occupant o : occupants) {
            if (!o.joined.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("join timed out");
        }
        return sessions;
    }

    /** A stand-in session as a room reaches it: on this node, so told directly. */
    static Client client(ActorSystem<SpawnProtocol.Command> system, ActorRef<Inbox> session) throws Exception {
        return new Client(session, dev.parley.server.delivery.NodeDelivery.newSessionId(), spawn(system, Behaviors.<dev.parley.server.delivery.NodeDelivery.Command>ignore(), "node-" + session.path().name()));
    }

    static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> b, String name) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system, r -> new SpawnProtocol.Spawn<>(b, name, Props.empty(), r),
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static ActorRef<Room.Command> room(ActorSystem<SpawnProtocol.Command> system, String jid, String name) throws Exception {
        var users = new dev.parley.server.routing.Users(spawn(system, Behaviors.ignore(), name + "-users"));
        ActorRef<dev.parley.server.room.RoomDirectory.Command> directory = spawn(system, Behaviors.ignore(), name + "-directory");
        return spawn(system, Room.create(BareJid.of(jid), users, directory), name);
    }

    static Element join(String user, String roomJid, String nick) {
        return Element.builder("presence", "jabber:client").attribute("from", user).attribute("to", roomJid + "/" + nick)
                .add(Element.of("x", "http://jabber.org/protocol/muc")).build();
    }

    static void fanOut(ActorSystem<SpawnProtocol.Command> system, int n) throws Exception {
        long heapBefore = usedHeap();
        ActorRef<Room.Command> room = room(system, "r" + n + "-" + ROOM, "room-" + n);
        String roomJid = "r" + n + "-" + ROOM;
        List<Occupant> occupants = new ArrayList<>();
        long joinStart = System.nanoTime();
        List<Client> sessions = enter(system, room, roomJid, n, occupants, "");
        double joinMs = (System.nanoTime() - joinStart) / 1e6;
        long heapJoined = usedHeap();

        String body = "x".repeat(100);
        int warmup = Math.max(50, 20_000 / n);
        int messages = Math.max(200, 400_000 / n);
        run(room, roomJid, sessions.get(0), occupants, warmup, body);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        run(room, roomJid, sessions.get(0), occupants, messages, body);
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        long deliveries = (long) messages * n;
        System.out.printf(Locale.ROOT, "%5d occupants: joined in %.0f ms; %d messages -> %d deliveries in %.2f s: %.0f deliveries/s, %.2f us CPU per delivery;"
                        + " %.1f KB heap per occupant (room entry and stand-in session)%n",
                n, joinMs, messages, deliveries, wall / 1e9, deliveries / (wall / 1e9), cpu / 1e3 / deliveries,
                (heapJoined - heapBefore) / 1024.0 / n);
    }

    /** Sends {@code count} groupchat messages from occupant 0 and waits until every occupant has them all. */
    static void run(ActorRef<Room.Command> room, String roomJid, Client sender, List<Occupant> occupants, int count, String body)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(occupants.size());
        for (Occupant o : occupants) {
            o.done = done;
            o.expect = o.groupchat.get() + count;
        }
        for (int i = 0; i < count; i++) {
            room.tell(new Room.Inbound(Element.builder("message", "jabber:client").attribute("from", "u0@localhost/r").attribute("to", roomJid)
                    .attribute("type", "groupchat").attribute("id", "m" + i).add(Element.builder("body", "jabber:client").text(body).build()).build(), sender));
        }
        if (!done.await(300, TimeUnit.SECONDS)) throw new IllegalStateException("fan-out timed out");
    }

    /** Heap per loaded room with nobody in it: rooms created, entered and left (temporary: destroyed, still loaded). */
    static void idleRooms(ActorSystem<SpawnProtocol.Command> system, int count) throws Exception {
        Occupant o = new Occupant();
        Client session = client(system, spawn(system, o.behavior(), "idle-session"));
        var users = new dev.parley.server.routing.Users(spawn(system, Behaviors.ignore(), "idle-users"));
        ActorRef<dev.parley.server.room.RoomDirectory.Command> directory = spawn(system, Behaviors.ignore(), "idle-directory");
        long before = usedHeap();
        List<ActorRef<Room.Command>> rooms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String jid = "idle" + i + "@conference.localhost";
            ActorRef<Room.Command> r = spawn(system, Room.create(BareJid.of(jid), users, directory), "idle-" + i);
            rooms.add(r);
            r.tell(new Room.Inbound(join("u@localhost/r", jid, "n"), session));
            r.tell(new Room.Inbound(Element.builder("presence", "jabber:client").attribute("from", "u@localhost/r").attribute("to", jid + "/n")
                    .attribute("type", "unavailable").build(), session));
        }
        Thread.sleep(2000); // the rooms write their events
        long after = usedHeap();
        System.out.printf(Locale.ROOT, "%5d loaded rooms with no occupants: %.1f KB heap each (a passivated room costs nothing)%n",
                count, (after - before) / 1024.0 / count);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
