package dev.parley.protocol.muc;

import static dev.parley.protocol.corpus.XepExamples.muc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ext.Delay;
import dev.parley.protocol.stanza.Presence;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import dev.parley.protocol.xml.Element;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The MUC element types read from XEP-0045's own examples, field by field. */
class MucElementsTest {
    @Test
    void selfPresenceWithStatusCodes_7_2_2_example22() {
        MucUser x = MucUser.fromParent(muc(22));
        assertThat(x.item().affiliation()).isEqualTo(Affiliation.MEMBER);
        assertThat(x.item().role()).isEqualTo(Role.PARTICIPANT);
        assertThat(x.statuses()).containsExactly(Status.PRESENCE_TO_SELF_110, Status.NICK_ASSIGNED_210);
        assertThat(x.hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
    }

    @Test
    void joinWithPassword_7_2_5_example26() {
        MucJoin join = MucJoin.fromParent(muc(26));
        assertThat(join.password()).isEqualTo("cauldronburn");
        assertThat(join.history()).isNull();
        assertThat(MucJoin.fromParent(Element.of("presence", "jabber:client"))).isNull();
    }

    @Test
    void bannedError_7_2_7_example28() {
        Presence p = Presence.of(muc(28));
        assertThat(p.type()).isEqualTo(Presence.Type.ERROR);
        StanzaError e = p.error();
        assertThat(e.condition()).isEqualTo(StanzaError.Condition.FORBIDDEN);
        assertThat(e.type()).isEqualTo(StanzaError.Type.AUTH);
        assertThat(e.by()).isEqualTo("coven@chat.shakespeare.lit");
    }

    @Test
    void historyDeliveryWithDelay_7_2_14_example33() {
        Delay d = Delay.from(muc(33).child("delay", Delay.NAMESPACE));
        assertThat(d.from()).isEqualTo("coven@chat.shakespeare.lit");
        assertThat(d.stamp()).isEqualTo(Instant.parse("2002-10-13T23:58:37Z"));
    }

    @Test
    void historyLimits_7_2_14_examples35to39() {
        assertThat(MucJoin.fromParent(muc(35)).history().maxChars()).isEqualTo(65000);
        assertThat(MucJoin.fromParent(muc(36)).history().maxStanzas()).isEqualTo(20);
        assertThat(MucJoin.fromParent(muc(37)).history().seconds()).isEqualTo(180);
        assertThat(MucJoin.fromParent(muc(38)).history().since()).isEqualTo(Instant.EPOCH);
        assertThat(MucJoin.fromParent(muc(39)).history().maxChars()).isZero();
    }

    @Test
    void invalidHistoryHintsAreIgnoredNotFatal() {
        Element x = Element.builder("x", MucJoin.NAMESPACE).add(Element.builder("history", MucJoin.NAMESPACE)
                .attribute("maxchars", "-5").attribute("seconds", "lots").attribute("since", "yesterday").build()).build();
        MucJoin.History h = MucJoin.from(x).history();
        assertThat(h.maxChars()).isNull();
        assertThat(h.seconds()).isNull();
        assertThat(h.since()).isNull();
    }

    @Test
    void mediatedInvitationAndDecline_7_8_2_examples56to59() {
        Invite out = MucUser.fromParent(muc(56)).invites().get(0);
        assertThat(out.to()).isEqualTo("hecate@shakespeare.lit");
        assertThat(out.reason()).contains("this is the place for all good witches!");
        MucUser forwarded = MucUser.fromParent(muc(57));
        assertThat(forwarded.invites().get(0).from()).isEqualTo("crone1@shakespeare.lit/desktop");
        assertThat(forwarded.password()).isEqualTo("cauldronburn");
        Decline decline = MucUser.fromParent(muc(58)).decline();
        assertThat(decline.to()).isEqualTo("crone1@shakespeare.lit");
        assertThat(decline.reason()).contains("too busy");
    }

    @Test
    void invitationContinuingAOneToOneChat_7_9() {
        MucUser x = MucUser.fromParent(muc(63));
        assertThat(x.invites()).extracting(Invite::to).containsExactly("wiccarocks@shakespeare.lit/laptop", "hag66@shakespeare.lit");
        assertThat(x.invites()).extracting(Invite::continueThread).containsOnly("e0ffe42b28561960c6b12b944a092794b9683a38");
    }

    @Test
    void kickedOccupantWithActorAndReason_8_2_example90() {
        MucUser x = MucUser.fromParent(muc(90));
        MucItem item = x.item();
        assertThat(item.role()).isEqualTo(Role.NONE);
        assertThat(item.actor().nick()).isEqualTo("Fluellen");
        assertThat(item.reason()).isEqualTo("Avaunt, you cullion!");
        assertThat(x.statuses()).containsExactly(Status.PRESENCE_TO_SELF_110, Status.KICKED_307);
    }

    @Test
    void voiceRequestApprovalForm_8_6_example108() {
        DataForm form = DataForm.findIn(muc(108));
        assertThat(form.type()).isEqualTo(DataForm.Type.FORM);
        assertThat(form.formType()).isEqualTo("http://jabber.org/protocol/muc#request");
        assertThat(form.title()).isEqualTo("Voice request");
        assertThat(form.field("muc#jid").type()).isEqualTo(FormField.Type.JID_SINGLE);
        assertThat(form.value("muc#roomnick")).isEqualTo("thirdwitch");
        assertThat(form.booleanValue("muc#request_allow")).isFalse();
    }

    @Test
    void adminBan_9_1_example110() {
        MucAdmin q = MucAdmin.from(muc(110).child(MucAdmin.ELEMENT, MucAdmin.NAMESPACE));
        assertThat(q.items()).hasSize(1);
        assertThat(q.items().get(0).affiliation()).isEqualTo(Affiliation.OUTCAST);
        assertThat(q.items().get(0).jid()).isEqualTo("earlofcambridge@shakespeare.lit");
    }

    @Test
    void configurationFormAndSubmission_10_1_3_examples157and159() {
        DataForm offered = MucOwner.from(muc(157).child(MucOwner.ELEMENT, MucOwner.NAMESPACE)).form();
        assertThat(offered.formType()).isEqualTo("http://jabber.org/protocol/muc#roomconfig");
        assertThat(offered.field("muc#roomconfig_roomname").label()).isEqualTo("Natural-Language Room Name");
        assertThat(offered.field("muc#roomconfig_maxusers").options()).extracting(FormField.Option::value).contains("10", "20", "none");
        DataForm submitted = MucOwner.from(muc(159).child(MucOwner.ELEMENT, MucOwner.NAMESPACE)).form();
        assertThat(submitted.type()).isEqualTo(DataForm.Type.SUBMIT);
        assertThat(submitted.value("muc#roomconfig_roomname")).isEqualTo("A Dark Cave");
        assertThat(submitted.booleanValue("muc#roomconfig_changesubject")).isTrue();
        assertThat(submitted.values("muc#roomconfig_roomadmins")).contains("wiccarocks@shakespeare.lit", "hecate@shakespeare.lit");
        assertThat(dev.parley.protocol.xdata.FormValidation.validate(offered, submitted)).isEmpty();
    }

    @Test
    void destroyRequestAndNotice_10_9_examples201and202() {
        Destroy request = MucOwner.from(muc(201).child(MucOwner.ELEMENT, MucOwner.NAMESPACE)).destroy();
        assertThat(request.jid()).isEqualTo("coven@chat.shakespeare.lit");
        assertThat(request.reason()).isEqualTo("Macbeth doth come.");
        MucUser notice = MucUser.fromParent(muc(202));
        assertThat(notice.destroy().jid()).isEqualTo("coven@chat.shakespeare.lit");
        assertThat(notice.item().affiliation()).isEqualTo(Affiliation.NONE);
    }

    @Test
    void undefinedRolesAffiliationsAndCodesAreRefused() {
        Element badRole = Element.builder("query", MucAdmin.NAMESPACE)
                .add(Element.builder("item", MucAdmin.NAMESPACE).attribute("role", "king").build()).build();
        assertThatThrownBy(() -> MucAdmin.from(badRole)).isInstanceOf(IllegalArgumentException.class);
        Element badCode = Element.builder("x", MucUser.NAMESPACE)
                .add(Element.builder("status", MucUser.NAMESPACE).attribute("code", "42").build()).build();
        assertThatThrownBy(() -> MucUser.from(badCode)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builtElementsMatchTheXepsWireForm() {
        Element x = MucUser.of(MucItem.of(Affiliation.OWNER, Role.MODERATOR), Status.PRESENCE_TO_SELF_110, Status.ROOM_CREATED_201).toElement();
        assertThat(x.toString()).isEqualTo("<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator'/>"
                + "<status code='110'/><status code='201'/></x>");
        assertThat(Affiliation.OWNER.outranks(Affiliation.ADMIN)).isTrue();
        assertThat(Affiliation.OUTCAST.outranks(Affiliation.NONE)).isFalse();
        assertThat(Role.VISITOR.hasVoice()).isFalse();
    }
}
