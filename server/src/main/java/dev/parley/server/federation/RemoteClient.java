package dev.parley.server.federation;

import dev.parley.protocol.jid.Jid;
import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A user (or entity) of another server, as this node's rooms and users see it: what a session is for a local
 * client. Rooms hold it as the occupant's {@link dev.parley.server.delivery.Client} and watch it; what they send
 * it goes to {@link Federation}, which puts it on the stream to the user's server. Registered with the node's
 * delivery like a session, so rooms on other nodes reach it the same way.
 *
 * <p>It follows the rooms its user is in (they say so on entering; it forgets one when the user leaves it or is
 * told it is out, status 110 with unavailable), and stops once it is in none, nothing came from or for its user
 * for {@code parley.s2s.remote-user-idle}, and Federation, having routed nothing with it meanwhile, agrees: a
 * room is never handed a stand-in that is stopping. It also stops with its node: rooms on other nodes then see their
 * remote occupants that came in through it leave, as they would see a local user's session end.
 */
final class RemoteClient {
    /** The user sent the room unavailable presence. */
    record Left(String room) implements Inbox, NoSerializationVerificationNeeded {}

    /** Something came from the user. */
    enum Touched implements Inbox, NoSerializationVerificationNeeded { INSTANCE }

    /** Federation agrees that it stops: nothing more is routed with it. */
    enum Stop implements Inbox, NoSerializationVerificationNeeded { INSTANCE }

    private enum Check implements Inbox, NoSerializationVerificationNeeded { INSTANCE }

    private RemoteClient() {}

    static Behavior<Inbox> create(String jid, long id, ActorRef<Inbox> federation, ActorRef<NodeDelivery.Command> delivery, Duration idle) {
        return Behaviors.setup(ctx -> {
            delivery.tell(new NodeDelivery.Register(id, ctx.getSelf()));
            Set<String> rooms = new HashSet<>(2);
            boolean[] active = {true};
            long[] touches = {0};
            return Behaviors.withTimers(timers -> {
                timers.startTimerWithFixedDelay(Check.INSTANCE, idle);
                return Behaviors.receive(Inbox.class)
                        .onMessage(Inbox.Deliver.class, m -> {
                            active[0] = true;
                            Element e = m.stanza();
                            forgetRoomIfOut(rooms, e);
                            federation.tell(new Federation.Out(e, null, e.attribute("to") != null ? e.attribute("to") : jid));
                            return Behaviors.same();
                        })
                        .onMessage(Inbox.DeliverPrepared.class, m -> {
                            active[0] = true;
                            if (!rooms.isEmpty() && m.stanza().hasAttribute("type", "unavailable")) forgetRoomIfOut(rooms, m.stanza().element(m.to()));
                            federation.tell(new Federation.Out(null, m.stanza(), m.to()));
                            return Behaviors.same();
                        })
                        .onMessage(Inbox.DeliverAll.class, m -> {
                            active[0] = true;
                            for (PreparedStanza p : m.stanzas()) federation.tell(new Federation.Out(null, p, m.to()));
                            return Behaviors.same();
                        })
                        .onMessage(Inbox.RoomAt.class, m -> {
                            rooms.add(m.room());
                            return Behaviors.same();
                        })
                        .onMessage(Left.class, m -> {
                            rooms.remove(m.room());
                            return Behaviors.same();
                        })
                        .onMessage(Touched.class, m -> {
                            active[0] = true;
                            touches[0]++;
                            return Behaviors.same();
                        })
                        .onMessage(Check.class, m -> {
                            if (!active[0] && rooms.isEmpty()) federation.tell(new Federation.ClientIdle(jid, ctx.getSelf(), touches[0]));
                            active[0] = false;
                            return Behaviors.same();
                        })
                        .onMessage(Stop.class, m -> Behaviors.stopped())
                        .onSignal(PostStop.class, s -> {
                            delivery.tell(new NodeDelivery.Unregister(id));
                            return Behaviors.same();
                        })
                        .build();
            });
        });
    }

    /** XEP-0045 §7.14, §9.1, §10.9: unavailable presence with status 110 from a room: the user is out of it. */
    private static void forgetRoomIfOut(Set<String> rooms, Element stanza) {
        if (rooms.isEmpty() || !stanza.name().equals("presence") || !"unavailable".equals(stanza.attribute("type"))) return;
        Jid from = Jid.parseOrNull(stanza.attribute("from"));
        if (from == null || !rooms.contains(from.asBare().toString())) return;
        Element x = stanza.child("x", MucUser.NAMESPACE);
        if (x == null) return;
        for (Element status : x.children("status", MucUser.NAMESPACE)) {
            if ("110".equals(status.attribute("code"))) rooms.remove(from.asBare().toString());
        }
    }
}
