package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.jid.BareJid;
import dev.parley.protocol.jid.FullJid;
import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.delivery.Client;
import dev.parley.server.delivery.Inbox;
import dev.parley.server.delivery.NodeDelivery;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

/** What a room keeps for its occupants, and what it keeps when nobody is in (docs/footprint.md). */
class RosterTest {
    private final TestInbox<Inbox> session = TestInbox.create();
    private final TestInbox<NodeDelivery.Command> node = TestInbox.create();

    private Occupant occupant(String real, String nick, Role role, Affiliation affiliation) {
        return new Occupant(FullJid.of(real), Nickname.of(nick), role, affiliation, new Client(session.getRef(), 1, node.getRef()),
                Element.of("presence", "jabber:client"));
    }

    @Test
    void aRoomNobodyIsInHoldsNoMapsOfItsOwn() {
        Roster roster = new Roster(BareJid.of("coven@chat.shakespeare.lit"), ref -> {});
        RoomState s = RoomState.NONE;
        roster.follow(new RoomState(true, false, s.config(), s.affiliations(), s.subject(), s.subjectBy(), s.history(), s.nicks(),
                OccupantIds.newSecret(), s.occupants(), s.hats(), s.avatar())); // with occupant ids (XEP-0421)
        assertThat(roster.holdsNoMaps()).as("loaded, never entered").isTrue();
        Occupant witch = occupant("crone1@shakespeare.lit/desktop", "firstwitch", Role.MODERATOR, Affiliation.OWNER);
        Occupant hag = occupant("hag66@shakespeare.lit/pda", "thirdwitch", Role.PARTICIPANT, Affiliation.NONE);
        roster.add(witch);
        roster.add(hag);
        assertThat(roster.holdsNoMaps()).isFalse();
        assertThat(roster.all()).containsExactly(witch, hag);
        assertThat(roster.take(hag.realJid())).isEqualTo(hag);
        assertThat(roster.stamped(Element.of("presence", "jabber:client"), hag).child("occupant-id", OccupantIds.NAMESPACE)).isNotNull();
        assertThat(roster.take(witch.realJid())).isEqualTo(witch);
        // the last one's unavailable presence still carries its id (§3), which the room then does not keep
        assertThat(roster.stamped(Element.of("presence", "jabber:client"), witch).child("occupant-id", OccupantIds.NAMESPACE)).isNotNull();
        assertThat(roster.holdsNoMaps()).as("emptied: the tables it grew to are dropped").isTrue();
        assertThat(roster.isEmpty()).isTrue();
        assertThat(roster.holdsNoIds()).as("no occupant ids kept either").isTrue();
        assertThat(roster.all()).isEmpty();
        assertThat(roster.occupantOf(witch.realJid())).isNull();
        roster.add(hag);
        assertThat(roster.all()).as("entered again").containsExactly(hag);
    }

    /** Others in the room until it has {@code size} occupants. */
    private void fill(Roster roster, int size) {
        for (int i = roster.size(); i < size; i++) {
            roster.add(occupant("attendant" + i + "@shakespeare.lit/phone", "attendant" + i, Role.PARTICIPANT, Affiliation.NONE));
        }
    }

    @Test
    void anOccupantsPresenceWithoutItsRealJidIsTheOneWithItSkipped_7_2_3() {
        Roster roster = new Roster(BareJid.of("coven@chat.shakespeare.lit"), ref -> {});
        Occupant hag = occupant("hag66@shakespeare.lit/pda", "thirdwitch", Role.PARTICIPANT, Affiliation.NONE);
        roster.add(hag);
        fill(roster, Roster.KEEP_PRESENCES_FROM);
        PreparedStanza forModerators = roster.preparedPresence(hag, true);
        PreparedStanza forOthers = roster.preparedPresence(hag, false);
        assertThat(forOthers.sharesBytesWith(forModerators)).as("one copy of the bytes per occupant").isTrue();
        Element item = forModerators.element("a@b/c").child("x", "http://jabber.org/protocol/muc#user").child("item", "http://jabber.org/protocol/muc#user");
        assertThat(item.attribute("jid")).isEqualTo("hag66@shakespeare.lit/pda");
        Element other = forOthers.element("a@b/c").child("x", "http://jabber.org/protocol/muc#user").child("item", "http://jabber.org/protocol/muc#user");
        assertThat(other.attribute("jid")).as("a semi-anonymous room hides it").isNull();
        assertThat(other.attribute("role")).isEqualTo("participant");
        assertThat(roster.preparedPresence(hag, false)).as("kept until the occupant changes").isSameAs(forOthers);
    }

    @Test
    void serialisedPresencesAreKeptForABurstOfEntriesNotForAsLongAsTheOccupantsStay() {
        int[] told = {0};
        Roster roster = new Roster(BareJid.of("coven@chat.shakespeare.lit"), ref -> {}, () -> told[0]++);
        Occupant witch = occupant("crone1@shakespeare.lit/desktop", "firstwitch", Role.MODERATOR, Affiliation.OWNER);
        Occupant hag = occupant("hag66@shakespeare.lit/pda", "thirdwitch", Role.PARTICIPANT, Affiliation.NONE);
        roster.add(witch);
        roster.add(hag);
        fill(roster, Roster.KEEP_PRESENCES_FROM);
        PreparedStanza first = roster.preparedPresence(witch, false);
        roster.preparedPresence(hag, false);
        assertThat(roster.preparedPresences()).isEqualTo(2);
        assertThat(told[0]).as("the room is told once, and drops them a while later").isEqualTo(1);
        roster.dropPreparedPresences();
        assertThat(roster.preparedPresences()).isZero();
        PreparedStanza again = roster.preparedPresence(witch, false);
        assertThat(again).isNotSameAs(first);
        assertThat(PresenceBytes.of(again)).as("made again, the same").isEqualTo(PresenceBytes.of(first));
        assertThat(told[0]).isEqualTo(2);
    }

    @Test
    void aSmallRoomKeepsNoSerialisedPresences() {
        int[] told = {0};
        Roster roster = new Roster(BareJid.of("coven@chat.shakespeare.lit"), ref -> {}, () -> told[0]++);
        Occupant witch = occupant("crone1@shakespeare.lit/desktop", "firstwitch", Role.MODERATOR, Affiliation.OWNER);
        roster.add(witch);
        fill(roster, Roster.KEEP_PRESENCES_FROM - 1);
        PreparedStanza once = roster.preparedPresence(witch, false);
        roster.broadcastPresence(witch, true); // an entry's broadcast serialises both variants
        assertThat(roster.preparedPresences()).as("a newcomer to a room this small costs a few serialisations; nothing is kept").isZero();
        assertThat(told[0]).as("nothing for the room to drop later").isZero();
        PreparedStanza again = roster.preparedPresence(witch, false);
        assertThat(again).isNotSameAs(once);
        assertThat(PresenceBytes.of(again)).isEqualTo(PresenceBytes.of(once));
        fill(roster, Roster.KEEP_PRESENCES_FROM);
        assertThat(roster.preparedPresence(witch, false)).as("from this size on, kept for a burst of entries").isSameAs(roster.preparedPresence(witch, false));
        assertThat(roster.preparedPresences()).isEqualTo(1);
        assertThat(told[0]).isEqualTo(1);
    }

    /** A prepared stanza's bytes for one recipient, to compare two. */
    private record PresenceBytes(String xml) {
        static PresenceBytes of(PreparedStanza p) {
            dev.parley.protocol.xml.XmlWriter w = new dev.parley.protocol.xml.XmlWriter();
            p.writeTo(w, "a@b/c", false);
            return new PresenceBytes(new String(w.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
