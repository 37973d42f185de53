package dev.parley.server.room.feature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.MucJoin;
import dev.parley.protocol.muc.Nickname;
import dev.parley.protocol.stanza.StanzaError.Condition;
import dev.parley.server.room.RoomConfig;
import dev.parley.server.room.RoomState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry rules of XEP-0045 §7.2, feature by feature, and what the features show in disco#info (§6.4). */
class RoomFeaturesTest {
    static RoomConfig config(boolean membersOnly, boolean password, int maxUsers) {
        RoomConfig d = RoomConfig.DEFAULT;
        return d.copy().membersOnly(membersOnly).passwordProtected(password).secret(password ? "cauldronburn" : "").maxUsers(maxUsers).build();
    }

    static RoomState room(RoomConfig c, boolean locked, Map<String, Affiliation> affiliations) {
        return new RoomState(true, locked, c, affiliations, "", null, List.of(), Map.of("hag66@shakespeare.lit", "thirdwitch"), null, List.of(),
                dev.parley.server.room.Hats.NONE, null);
    }

    static Condition refusal(RoomState s, String jid, String nick, String password, boolean nickInUse, int occupants) {
        Refusal r = RoomFeatures.preJoin(new JoinAttempt(s, jid, s.affiliationOf(jid), Nickname.of(nick),
                password == null ? null : new MucJoin(password, null), nickInUse, occupants));
        return r == null ? null : r.condition();
    }

    @Test
    void entryRulesInTheirOrder_7_2() {
        RoomState open = room(config(false, false, 0), false, Map.of("outcast@shakespeare.lit", Affiliation.OUTCAST));
        assertThat(refusal(open, "wiccarocks@shakespeare.lit", "secondwitch", null, false, 1)).isNull();
        assertThat(refusal(open, "outcast@shakespeare.lit", "x", null, false, 1)).isEqualTo(Condition.FORBIDDEN); // §7.2.7
        assertThat(refusal(open, "wiccarocks@shakespeare.lit", "secondwitch", null, true, 1)).isEqualTo(Condition.CONFLICT); // §7.2.8
        assertThat(refusal(open, "wiccarocks@shakespeare.lit", "ThirdWitch", null, false, 1)).as("reserved").isEqualTo(Condition.CONFLICT);
        assertThat(refusal(open, "hag66@shakespeare.lit", "thirdwitch", null, false, 1)).as("its holder").isNull();

        RoomState locked = room(config(false, false, 0), true, Map.of("crone1@shakespeare.lit", Affiliation.OWNER));
        assertThat(refusal(locked, "wiccarocks@shakespeare.lit", "secondwitch", null, false, 1)).isEqualTo(Condition.ITEM_NOT_FOUND); // §7.2.10
        assertThat(refusal(locked, "crone1@shakespeare.lit", "firstwitch", null, false, 0)).isNull();

        RoomState chapel = room(config(true, true, 0), false, Map.of("outcast@shakespeare.lit", Affiliation.OUTCAST, "member@shakespeare.lit", Affiliation.MEMBER));
        assertThat(refusal(chapel, "outcast@shakespeare.lit", "x", null, false, 1)).as("a ban before members-only").isEqualTo(Condition.FORBIDDEN);
        assertThat(refusal(chapel, "wiccarocks@shakespeare.lit", "x", null, false, 1)).isEqualTo(Condition.REGISTRATION_REQUIRED); // §7.2.6
        assertThat(refusal(chapel, "member@shakespeare.lit", "x", null, false, 1)).isEqualTo(Condition.NOT_AUTHORIZED); // §7.2.5
        assertThat(refusal(chapel, "member@shakespeare.lit", "x", "cauldronburn", false, 1)).isNull();

        RoomState full = room(config(false, false, 2), false, Map.of("admin@shakespeare.lit", Affiliation.ADMIN));
        assertThat(refusal(full, "wiccarocks@shakespeare.lit", "x", null, false, 2)).isEqualTo(Condition.SERVICE_UNAVAILABLE); // §7.2.9
        assertThat(refusal(full, "admin@shakespeare.lit", "x", null, false, 2)).as("admins still enter").isNull();
        assertThat(refusal(full, "admin@shakespeare.lit", "x", null, false, 2 + MaxUsers.ADMIN_OVERFLOW)).isEqualTo(Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void discoFeaturesFollowTheConfiguration_6_4() {
        List<String> features = new ArrayList<>();
        RoomConfig c = config(true, true, 0);
        RoomFeatures.discoFeatures(room(c, false, Map.of()), c, features);
        assertThat(features).containsExactlyInAnyOrder("muc_membersonly", "muc_passwordprotected", "muc_temporary", "muc_public",
                "muc_unmoderated", "muc_semianonymous");
    }

    static dev.parley.protocol.xdata.DataForm submitted(String... varValues) {
        List<dev.parley.protocol.xdata.FormField> fields = new ArrayList<>();
        for (int i = 0; i < varValues.length; i += 2) fields.add(dev.parley.protocol.xdata.FormField.of(varValues[i], null, varValues[i + 1]));
        return dev.parley.protocol.xdata.DataForm.withFormType(dev.parley.protocol.xdata.DataForm.Type.SUBMIT, "http://jabber.org/protocol/muc#roomconfig", fields);
    }

    @Test
    void theFeaturesOwnTheirConfigurationFields_10_2() {
        List<dev.parley.protocol.xdata.FormField> fields = new ArrayList<>();
        RoomFeatures.configFields(RoomConfig.DEFAULT, fields);
        assertThat(fields).extracting(dev.parley.protocol.xdata.FormField::var).containsExactly("muc#roomconfig_membersonly",
                "muc#roomconfig_passwordprotectedroom", "muc#roomconfig_roomsecret", "muc#roomconfig_maxusers", "muc#roomconfig_whois",
                "muc#roomconfig_enablelogging", "muc#maxhistoryfetch", "muc#roomconfig_changesubject", "muc#roomconfig_moderatedroom",
                "muc#roomconfig_allowpm", "muc#roomconfig_persistentroom", "muc#roomconfig_publicroom", "public_list", "x-parley#groupchat10", "x-parley#messagerate",
                "muc#roomconfig_enablearchiving");

        RoomConfig c = RoomFeatures.applySubmitted(RoomConfig.DEFAULT, submitted("muc#roomconfig_membersonly", "1",
                "muc#roomconfig_passwordprotectedroom", "true", "muc#roomconfig_roomsecret", "cauldronburn", "muc#roomconfig_maxusers", "7"));
        assertThat(c.membersOnly()).isTrue();
        assertThat(c.passwordProtected()).isTrue();
        assertThat(c.secret()).isEqualTo("cauldronburn");
        assertThat(c.maxUsers()).isEqualTo(7);
        // fields left out keep their values; switching protection off forgets the secret
        RoomConfig off = RoomFeatures.applySubmitted(c, submitted("muc#roomconfig_passwordprotectedroom", "0"));
        assertThat(off.membersOnly()).isTrue();
        assertThat(off.passwordProtected()).isFalse();
        assertThat(off.secret()).isEmpty();
        assertThat(RoomFeatures.applySubmitted(c, submitted("muc#roomconfig_maxusers", "none")).maxUsers()).isZero();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoomFeatures.applySubmitted(RoomConfig.DEFAULT,
                submitted("muc#roomconfig_passwordprotectedroom", "1"))).hasMessageContaining("needs a password");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoomFeatures.applySubmitted(RoomConfig.DEFAULT,
                submitted("muc#roomconfig_maxusers", "lots"))).hasMessageContaining("maxusers");
    }

    @Test
    void eachFeatureAppliesItsOwnFields_10_2() {
        RoomConfig c = RoomFeatures.applySubmitted(RoomConfig.DEFAULT, submitted("muc#roomconfig_whois", "anyone", "muc#roomconfig_enablelogging", "1",
                "muc#maxhistoryfetch", "5", "muc#roomconfig_changesubject", "1", "muc#roomconfig_moderatedroom", "1", "muc#roomconfig_allowpm", "none",
                "muc#roomconfig_persistentroom", "1", "muc#roomconfig_publicroom", "0", "public_list", "0", "x-parley#groupchat10", "admit"));
        assertThat(c.nonAnonymous()).isTrue();
        assertThat(c.enableLogging()).isTrue();
        assertThat(c.maxHistoryFetch()).isEqualTo(5);
        assertThat(c.changeSubject()).isTrue();
        assertThat(c.moderated()).isTrue();
        assertThat(c.allowPm()).isEqualTo("none");
        assertThat(c.persistent()).isTrue();
        assertThat(c.publicRoom()).isFalse();
        assertThat(c.publicOccupantList()).isFalse();
        assertThat(c.groupchat10()).isEqualTo("admit");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoomFeatures.applySubmitted(RoomConfig.DEFAULT,
                submitted("muc#maxhistoryfetch", "-1"))).hasMessageContaining("muc#maxhistoryfetch");
    }

    @Test
    void theWelcomeIsStatusCodesThenHistoryThenSubject_7_2_2() {
        RoomConfig c = RoomConfig.DEFAULT.copy().whois("anyone").enableLogging(true).maxHistoryFetch(2).build();
        dev.parley.protocol.xml.Element said = dev.parley.protocol.xml.Element.builder("message", "jabber:client")
                .attribute("from", "coven@chat.shakespeare.lit/firstwitch").attribute("type", "groupchat").build();
        java.time.Instant t = java.time.Instant.parse("2026-11-24T10:00:00Z");
        List<RoomState.StoredMessage> recent = List.of(new RoomState.StoredMessage(said.withAttribute("id", "1"), t),
                new RoomState.StoredMessage(said.withAttribute("id", "2"), t.plusSeconds(1)), new RoomState.StoredMessage(said.withAttribute("id", "3"), t.plusSeconds(2)));
        RoomState s = new RoomState(true, false, c, Map.of(), "Fire Burn and Cauldron Bubble!", "secondwitch", recent, Map.of(), null, List.of(), dev.parley.server.room.Hats.NONE, null);
        Joined j = new Joined(s, "coven@chat.shakespeare.lit", "hag66@shakespeare.lit/pda", null, false);
        RoomFeatures.joined(j);
        assertThat(j.selfStatusCodes()).containsExactly(dev.parley.protocol.muc.Status.REAL_JID_PUBLIC_100, dev.parley.protocol.muc.Status.LOGGING_ENABLED_170);
        List<dev.parley.protocol.xml.Element> w = j.welcomeStanzas();
        assertThat(w).hasSize(3); // two of history (muc#maxhistoryfetch), then the subject
        assertThat(w.get(0).attribute("id")).isEqualTo("2");
        assertThat(w.get(1).attribute("id")).isEqualTo("3");
        assertThat(w.get(0).attribute("to")).isEqualTo("hag66@shakespeare.lit/pda");
        assertThat(w.get(0).child("delay", "urn:xmpp:delay").attribute("from")).isEqualTo("coven@chat.shakespeare.lit");
        assertThat(w.get(2).attribute("from")).isEqualTo("coven@chat.shakespeare.lit/secondwitch");
        assertThat(w.get(2).child("subject", "jabber:client").text()).isEqualTo("Fire Burn and Cauldron Bubble!");

        Joined creator = new Joined(room(RoomConfig.DEFAULT, true, Map.of()), "coven@chat.shakespeare.lit", "crone1@shakespeare.lit/desktop", null, true);
        RoomFeatures.joined(creator);
        assertThat(creator.selfStatusCodes()).isEmpty();
        assertThat(creator.welcomeStanzas()).as("a new room has no history and no subject to tell").isEmpty();
    }

    @Test
    void aTemporaryRoomEndsWithItsLastOccupant_10_1() {
        RoomConfig temporary = RoomConfig.DEFAULT;
        RoomConfig persistent = RoomConfig.DEFAULT.copy().persistent(true).build();
        assertThat(RoomFeatures.endsRoom(new Left(room(temporary, false, Map.of()), 0))).isTrue();
        assertThat(RoomFeatures.endsRoom(new Left(room(temporary, false, Map.of()), 1))).isFalse();
        assertThat(RoomFeatures.endsRoom(new Left(room(persistent, false, Map.of()), 0))).isFalse();
    }

    static Condition messageRefusal(RoomConfig c, dev.parley.protocol.muc.Role role, String child, boolean privately) {
        var type = privately ? dev.parley.protocol.stanza.Message.Type.CHAT : dev.parley.protocol.stanza.Message.Type.GROUPCHAT;
        var text = dev.parley.protocol.xml.Element.builder(child, "jabber:client").text("Fire Burn").build();
        var m = (dev.parley.protocol.stanza.Message) dev.parley.protocol.stanza.Stanza.from(dev.parley.protocol.stanza.Message.builder(type).add(text).build());
        Refusal r = RoomFeatures.message(new MessageAttempt(room(c, false, Map.of()), role, m, privately));
        return r == null ? null : r.condition();
    }

    @Test
    void messagesThatTheRoomRefuses_7_4_7_5_8_1() {
        var visitor = dev.parley.protocol.muc.Role.VISITOR;
        var participant = dev.parley.protocol.muc.Role.PARTICIPANT;
        var moderator = dev.parley.protocol.muc.Role.MODERATOR;
        String body = "body";
        String subject = "subject";
        String chat = "body";
        RoomConfig moderated = RoomConfig.DEFAULT.copy().moderated(true).build();
        assertThat(messageRefusal(moderated, visitor, body, false)).isEqualTo(Condition.FORBIDDEN); // §7.4
        assertThat(messageRefusal(moderated, participant, body, false)).isNull();
        assertThat(messageRefusal(RoomConfig.DEFAULT, participant, subject, false)).isEqualTo(Condition.FORBIDDEN); // §8.1
        assertThat(messageRefusal(RoomConfig.DEFAULT, moderator, subject, false)).isNull();
        assertThat(messageRefusal(RoomConfig.DEFAULT.copy().changeSubject(true).build(), participant, subject, false)).isNull();
        assertThat(messageRefusal(RoomConfig.DEFAULT.copy().changeSubject(true).build(), visitor, subject, false)).isEqualTo(Condition.FORBIDDEN);
        assertThat(messageRefusal(RoomConfig.DEFAULT, visitor, chat, true)).isNull(); // §7.5: allowpm anyone
        assertThat(messageRefusal(RoomConfig.DEFAULT.copy().allowPm("participants").build(), visitor, chat, true)).isEqualTo(Condition.FORBIDDEN);
        assertThat(messageRefusal(RoomConfig.DEFAULT.copy().allowPm("moderators").build(), moderator, chat, true)).isNull();
        assertThat(messageRefusal(RoomConfig.DEFAULT.copy().allowPm("none").build(), moderator, chat, true)).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void groupchat10IsTheRoomsChoiceOrTheServicesDefault_7_2_18() {
        assertThat(Groupchat10.admits(RoomConfig.DEFAULT, true)).isTrue();
        assertThat(Groupchat10.admits(RoomConfig.DEFAULT, false)).isFalse();
        assertThat(Groupchat10.admits(RoomConfig.DEFAULT.copy().groupchat10("admit").build(), false)).isTrue();
        assertThat(Groupchat10.admits(RoomConfig.DEFAULT.copy().groupchat10("kick").build(), true)).isFalse();
    }
}
