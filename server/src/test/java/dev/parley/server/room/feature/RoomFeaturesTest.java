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
        return new RoomConfig(d.name(), d.description(), d.lang(), d.persistent(), d.publicRoom(), membersOnly, d.moderated(), password,
                password ? "cauldronburn" : "", maxUsers, d.whois(), d.changeSubject(), d.enableLogging(), d.allowInvites(), d.allowPm(),
                d.presenceBroadcast(), d.getMemberList(), d.maxHistoryFetch(), d.publicOccupantList());
    }

    static RoomState room(RoomConfig c, boolean locked, Map<String, Affiliation> affiliations) {
        return new RoomState(true, locked, c, affiliations, "", null, List.of(), Map.of("hag66@shakespeare.lit", "thirdwitch"), null);
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
                "muc#roomconfig_passwordprotectedroom", "muc#roomconfig_roomsecret", "muc#roomconfig_maxusers");

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
}
