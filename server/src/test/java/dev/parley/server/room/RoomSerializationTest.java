package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import dev.parley.server.routing.UserSessions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every command, event and state of a room survives the serializer the cluster and the journal use
 * (Jackson CBOR): a room's messages cross nodes, its events and snapshots go to the database.
 */
class RoomSerializationTest {
    static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local").withFallback(dev.parley.server.Node.defaults()).resolve());

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    static Object roundTrip(Object o) {
        Serialization s = SerializationExtension.get(testKit.system());
        byte[] bytes = s.serialize(o).get();
        var serializer = s.findSerializerFor(o);
        assertThat(serializer.getClass().getSimpleName()).as("%s goes through Jackson CBOR", o.getClass()).contains("Jackson");
        return s.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, o)).get();
    }

    static final Element MESSAGE = Element.builder("message", "jabber:client").attribute("from", "coven@conference.localhost/firstwitch")
            .attribute("type", "groupchat").add(Element.builder("body", "jabber:client").text("Thrice the brinded cat hath mew'd").build()).build();

    @Test
    void commandsEventsAndStateRoundTrip() {
        ActorRef<Inbox> sessionRef = testKit.<Inbox>createTestProbe().ref();
        Client session = new Client(sessionRef, 7, testKit.<NodeDelivery.Command>createTestProbe().ref());
        RoomConfig config = new RoomConfig("The Coven", "Witches", "en", true, true, false, true, true, "secret", 30, "anyone", true, true, true,
                "participants", List.of("moderator", "participant"), List.of("moderator"), 25, false, "admit", 120, false);
        Occupant crone = new Occupant((dev.parley.protocol.jid.FullJid) dev.parley.protocol.jid.Jid.of("crone1@localhost/desktop"),
                dev.parley.protocol.muc.Nickname.of("FirstWitch"), dev.parley.protocol.muc.Role.MODERATOR, Affiliation.OWNER, session,
                Element.builder("presence", "jabber:client").add(Element.builder("show", "jabber:client").text("away").build()).build());
        List<Object> samples = List.of(
                new Room.Inbound(MESSAGE, session), new Room.Inbound(MESSAGE, session, true, null),
                new Room.Inbound(MESSAGE, session, true, (dev.parley.protocol.jid.FullJid) dev.parley.protocol.jid.Jid.of("crone1@localhost/desktop")),
                new RoomState.StoredMessage(MESSAGE, Instant.parse("2026-11-24T10:00:00Z"), "crone1@localhost/desktop"),
                new RoomState.StoredMessage(MESSAGE, Instant.parse("2026-11-24T10:00:00Z"), "crone1@localhost/desktop", 7),
                new Room.Entered(crone), new Room.Exited("crone1@localhost/desktop"), new Room.OccupantChanged(crone), new Room.Emptied(),
                new Room.OccupantGone("crone1@localhost/desktop"),
                new Room.CreateWithoutEntering("crone1@localhost", config, MESSAGE, "s1", session),
                new Room.DestroyByCommand("crone1@localhost", "closing", MESSAGE, "s2", session),
                Room.Flush.INSTANCE, Room.PassivateIfIdle.INSTANCE, Room.Shutdown.INSTANCE, Room.PublishOccupancy.INSTANCE,
                new Room.Created("crone1@localhost", OccupantIds.newSecret()), new Room.Unlocked(),
                new Room.SubjectChanged("Fire burn", "firstwitch"), new Room.Configured(config),
                new Room.MessagesStored(List.of(new RoomState.StoredMessage(MESSAGE, Instant.parse("2026-11-24T10:00:00Z")))),
                new Room.AffiliationsChanged(Map.of("wiccarocks@localhost", Affiliation.MEMBER, "hag66@localhost", Affiliation.OUTCAST)),
                new Room.NicknameReserved("wiccarocks@localhost", "secondwitch"), new Room.Destroyed(),
                new Room.MessageRetracted(Moderation.tombstone(MESSAGE, Moderation.moderated("coven@conference.localhost/firstwitch"), "spam",
                        Instant.parse("2026-12-02T10:00:00Z"))),
                new Room.MessageRetracted(Moderation.tombstone(MESSAGE, Moderation.moderated("coven@conference.localhost/firstwitch"), null,
                        Instant.parse("2026-12-02T10:00:00Z")), new RoomState.StoredMessage(MESSAGE, Instant.parse("2026-12-02T10:00:00Z"), null, 42)),
                new RoomState(true, false, config, Map.of("crone1@localhost", Affiliation.OWNER), "Fire burn", "firstwitch",
                        List.of(new RoomState.StoredMessage(MESSAGE, Instant.parse("2026-11-24T10:00:00Z"))), Map.of("wiccarocks@localhost", "secondwitch"),
                        OccupantIds.newSecret(), List.of(crone),
                        Hats.NONE.with(new Hats.Hat("http://schemas.example.com/hats#host", "Host", "327.255249")).assigned("crone1@localhost",
                                "http://schemas.example.com/hats#host"),
                        new RoomAvatar(Element.builder("vCard", "vcard-temp").build(), List.of("a31c4bd04de69663cfd7f424a8453f4674da37ff"))),
                new Room.HatsChanged(Hats.NONE.with(new Hats.Hat("urn:x:hat", "Hat", null))), new Room.AvatarChanged(null),
                RoomState.NONE,
                new RoomDirectory.Publish("coven@conference.localhost", new Listing("The Coven", "Witches", "en", 3, true, false)),
                new RoomDirectory.Publish("coven@conference.localhost", new Listing("The Coven", "Witches", "en", 3, true, false, true,
                        "pekko://parley@127.0.0.1:25520")),
                new RoomDirectory.Publish("coven@conference.localhost", null));
        for (Object o : samples) assertThat(roundTrip(o)).as("%s", o).isEqualTo(o);
    }

    @Test
    void whatRoomsSendToSessionsRoundTrip() {
        assertThat(roundTrip(new Inbox.Deliver(MESSAGE))).isEqualTo(new Inbox.Deliver(MESSAGE));
        var prepared = new Inbox.DeliverPrepared(dev.parley.protocol.stanza.PreparedStanza.of(MESSAGE), "hecate@localhost/broom");
        var back = (Inbox.DeliverPrepared) roundTrip(prepared);
        assertThat(back.to()).isEqualTo("hecate@localhost/broom");
        assertThat(back.stanza().element(back.to())).isEqualTo(prepared.stanza().element(prepared.to()));
        var at = new Inbox.RoomAt("coven@conference.localhost", testKit.<Room.Command>createTestProbe().ref(), true);
        assertThat(roundTrip(at)).isEqualTo(at);
        var done = new CatchUp.Done(testKit.<Inbox>createTestProbe().ref());
        assertThat(roundTrip(done)).isEqualTo(done);
    }

    /** What crosses to another node's delivery: one fan-out per node, the stanza in it once per variant. */
    @Test
    void whatCrossesToAnotherNodeRoundTrips() {
        ActorRef<Inbox> a = testKit.<Inbox>createTestProbe().ref();
        var stanza = dev.parley.protocol.stanza.PreparedStanza.of(MESSAGE);
        var fanOut = new NodeDelivery.FanOut(List.of(new NodeDelivery.Copy(stanza, List.of(new NodeDelivery.Addressee(1, "hecate@localhost/broom"),
                new NodeDelivery.Addressee(2, "crone1@localhost/desktop")))));
        var back = (NodeDelivery.FanOut) roundTrip(fanOut);
        assertThat(back.copies()).hasSize(1);
        assertThat(back.copies().get(0).to()).isEqualTo(fanOut.copies().get(0).to());
        var copy = back.copies().get(0).stanza();
        assertThat(copy.head()).as("the bytes travel as they are").isEqualTo(stanza.head());
        assertThat(copy.tail()).isEqualTo(stanza.tail());
        assertThat(copy.element("x@localhost/y")).as("and parse back to the stanza when asked").isEqualTo(stanza.element("x@localhost/y"));
        assertThat(roundTrip(new NodeDelivery.One(3, MESSAGE))).isEqualTo(new NodeDelivery.One(3, MESSAGE));
        var several = (NodeDelivery.Several) roundTrip(new NodeDelivery.Several(3, List.of(stanza, stanza), "x@localhost/y"));
        assertThat(several.session()).isEqualTo(3);
        assertThat(several.to()).isEqualTo("x@localhost/y");
        assertThat(several.stanzas()).hasSize(2).allSatisfy(s -> assertThat(s.tail()).isEqualTo(stanza.tail()));
    }

    /** A configuration in the journal from before x-parley#messagerate existed: it follows the service's rate (0). */
    @Test
    void aConfigurationWrittenBeforeTheMessageRateExistedReadsAsTheServicesRate() throws Exception {
        Serialization s = SerializationExtension.get(testKit.system());
        RoomConfig config = RoomConfig.DEFAULT.copy().messageRate(30).build();
        var serializer = s.findSerializerFor(config);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(s.serialize(config).get());
        assertThat(tree.remove("messageRate")).as("the field as written").isNotNull();
        RoomConfig old = (RoomConfig) s.deserialize(mapper.writeValueAsBytes(tree), serializer.identifier(), Serializers.manifestFor(serializer, config)).get();
        assertThat(old.messageRate()).isZero();
        assertThat(old.copy().messageRate(30).build()).isEqualTo(config);
    }

    /** What goes to a user's entry in the registry, wherever it lives, and what it answers. */
    @Test
    void userRegistryMessagesRoundTrip() {
        ActorRef<Inbox> a = testKit.<Inbox>createTestProbe().ref();
        ActorRef<UserSessions.Command> entry = testKit.<UserSessions.Command>createTestProbe().ref();
        List<Object> samples = List.of(
                new UserSessions.Bind("hecate@localhost/broom", a, true, true, true, 5), new UserSessions.Unbind("hecate@localhost/broom", a),
                new UserSessions.Availability("hecate@localhost/broom", a, true, 5, true), new UserSessions.Route(MESSAGE, "hecate@localhost", "hecate@localhost", a),
                new UserSessions.BroadcastToOwnResources("hecate@localhost/broom", MESSAGE),
                new UserSessions.RegisterResumable("sm1", "hecate@localhost", a), new UserSessions.ForgetResumable("sm1", "hecate@localhost", a),
                new UserSessions.FindResumable("sm1", "hecate@localhost", a), new UserSessions.BindResult("hecate@localhost/broom", true, entry),
                UserSessions.Replaced.INSTANCE, new UserSessions.AnswerOnBehalf(MESSAGE), new UserSessions.ResumableFound(a),
                new UserSessions.ResumableFound(null), UserSessions.Stop.INSTANCE,
                new UserSessions.RebindResult("hecate@localhost/broom", false, entry),
                new UserSessions.ListAvailable("hecate@localhost", a), new UserSessions.AvailableNow(List.of("hecate@localhost/broom")), UserSessions.AvailabilityRecorded.INSTANCE);
        for (Object o : samples) assertThat(roundTrip(o)).as("%s", o).isEqualTo(o);
        assertThat(UserSessions.Route.of(MESSAGE, dev.parley.protocol.jid.Jid.of("hecate@localhost/broom"), a).user()).isEqualTo("hecate@localhost");
    }
}
