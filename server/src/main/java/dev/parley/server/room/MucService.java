package dev.parley.server.room;

import dev.parley.server.delivery.Client;
import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.DiscoItems;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.stanza.Iq;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import dev.parley.server.ServerSettings;
import java.util.List;

/**
 * What the MUC service itself (its domain, no room) answers: XEP-0045 §6.1 discovery, unique room names
 * (XEP-0307), and ping. Its room list (§6.3) and channel search (XEP-0433) come from {@link RoomDirectory}.
 */
public final class MucService {
    /** XEP-0307. */
    public static final String UNIQUE = "http://jabber.org/protocol/muc#unique";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private MucService() {}

    /**
     * A request from {@code user} to the service: answered here, or by the room directory (§6.3 list,
     * XEP-0433 search, list-rooms) or a room (create-room, destroy-room), each replying to {@code replyTo}.
     */
    public static void handle(Iq iq, dev.parley.protocol.jid.FullJid user, ServerSettings settings,
            org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Room.Command>> rooms,
            org.apache.pekko.actor.typed.ActorRef<RoomDirectory.Command> directory,
            Client replyTo, ServiceBans bans) {
        Element q = iq.payload();
        boolean get = iq.type() == Iq.Type.GET;
        if (get && q.is("query", DiscoItems.NAMESPACE) && q.attribute("node") == null) {
            directory.tell(new RoomDirectory.Items(iq, replyTo)); // §6.3
        } else if (get && q.is("query", DiscoItems.NAMESPACE) && ServiceCommands.NAMESPACE.equals(q.attribute("node"))) {
            replyTo.tell(ServiceCommands.list(iq, settings.mucService()).withTo(user).element()); // XEP-0050 §2.2
        } else if (get && q.is("search", ChannelSearch.NAMESPACE)) {
            directory.tell(new RoomDirectory.Search(iq, replyTo)); // XEP-0433
        } else if (q.is("command", ServiceCommands.NAMESPACE)) {
            ServiceCommands.handle(iq, user.asBare(), settings.mucService(), rooms, directory, replyTo, bans);
        } else {
            replyTo.tell(answer(iq, settings).withTo(user).element());
        }
    }

    public static Iq answer(Iq iq, ServerSettings settings) {
        Element q = iq.payload();
        if (iq.type() == Iq.Type.GET && q.is("query", DiscoInfo.NAMESPACE) && q.attribute("node") == null) {
            return iq.result(new DiscoInfo(null, List.of(DiscoInfo.Identity.of("conference", "text", "Chatrooms")),
                    List.of(MucJoin.NAMESPACE, DiscoInfo.NAMESPACE, DiscoItems.NAMESPACE, UNIQUE, ChannelSearch.NAMESPACE, ServiceCommands.NAMESPACE, "urn:xmpp:ping",
                            RoomAvatar.VCARD), List.of()).toElement()); // XEP-0486 §3.1: rooms take a vCard
        }
        if (iq.type() == Iq.Type.GET && q.is("unique", UNIQUE)) {
            // XEP-0307 §2: a name no room will have by chance: 160 random bits, as hex (not reserved: no room is created)
            byte[] bits = new byte[20];
            RANDOM.nextBytes(bits);
            return iq.result(Element.builder("unique", UNIQUE).text(java.util.HexFormat.of().formatHex(bits)).build());
        }
        if (iq.type() == Iq.Type.GET && q.is("ping", "urn:xmpp:ping")) return iq.result(null);
        // RFC 6120 §8.4: a request the service does not understand
        return iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE));
    }
}
