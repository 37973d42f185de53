package dev.parley.bench;

import dev.parley.server.room.Room;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one room actor (event sourced, in-memory journal) fanning one groupchat message out to 100 and to
 * 1,000 occupants, each a stand-in session that serialises its copy as a real session does. One operation
 * is one message delivered to every occupant; divide by the occupants for the time per delivery. The
 * setup is {@link RoomFanOut}'s ({@code scripts/bench-rooms} adds CPU and heap figures).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoomFanOutBenchmark {
    @Param({"100", "1000"})
    int occupants;

    ActorSystem<SpawnProtocol.Command> system;
    ActorRef<Room.Command> room;
    String roomJid;
    List<RoomFanOut.Occupant> stands = new ArrayList<>();
    Client sender;
    final String body = "x".repeat(100);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        system = RoomFanOut.system();
        roomJid = "jmh" + occupants + "-" + RoomFanOut.ROOM;
        room = RoomFanOut.room(system, roomJid, "jmh-room-" + occupants);
        List<Client> sessions = RoomFanOut.enter(system, room, roomJid, occupants, stands, "jmh");
        sender = sessions.get(0);
    }

    @Benchmark
    public void oneMessageToEveryOccupant() throws InterruptedException {
        RoomFanOut.run(room, roomJid, sender, stands, 1, body);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
