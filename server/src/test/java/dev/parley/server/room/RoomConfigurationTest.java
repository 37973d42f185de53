package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.server.NodeFixture;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** Reserved rooms (XEP-0045 §10.1.3, §10.2) and what their configuration makes the room do, through Smack's form API. */
class RoomConfigurationTest {
    static NodeFixture fixture;
    static XMPPTCPConnection crone;
    static XMPPTCPConnection wicca;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture();
        for (String u : new String[] {"crone1", "wiccarocks"}) fixture.addUser(u, u + "-pass");
        crone = fixture.login("crone1", "crone1-pass", "desktop");
        wicca = fixture.login("wiccarocks", "wiccarocks-pass", "laptop");
    }

    @AfterAll
    static void stop() throws Exception {
        crone.disconnect();
        wicca.disconnect();
        fixture.close();
    }

    static MultiUserChat as(XMPPTCPConnection c, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room + "@conference.localhost"));
    }

    /** Creates {@code room} as crone1/firstwitch and submits the configuration with these answers (field, value). */
    static MultiUserChat reserved(String room, String... answers) throws Exception {
        MultiUserChat muc = as(crone, room);
        muc.create(Resourcepart.from("firstwitch"));
        Form form = muc.getConfigurationForm();
        assertThat(form.getFormType()).isEqualTo("http://jabber.org/protocol/muc#roomconfig");
        FillableForm fill = form.getFillableForm();
        for (int i = 0; i < answers.length; i += 2) {
            if (answers[i + 1].equals("true") || answers[i + 1].equals("false")) fill.setAnswer(answers[i], Boolean.parseBoolean(answers[i + 1]));
            else fill.setAnswer(answers[i], answers[i + 1]);
        }
        muc.sendConfigurationForm(fill);
        return muc;
    }

    static StanzaError.Condition refusal(MultiUserChat muc, String nick, String password) {
        Throwable t = catchThrowable(() -> {
            if (password == null) muc.join(Resourcepart.from(nick));
            else muc.join(Resourcepart.from(nick), password);
        });
        assertThat(t).isInstanceOf(XMPPException.XMPPErrorException.class);
        return ((XMPPException.XMPPErrorException) t).getStanzaError().getCondition();
    }

    @Test
    void passwordProtectedRoom_7_2_5() throws Exception {
        MultiUserChat owner = reserved("cauldron", "muc#roomconfig_passwordprotectedroom", "true", "muc#roomconfig_roomsecret", "cauldronburn");
        try {
            MultiUserChat guest = as(wicca, "cauldron");
            assertThat(refusal(guest, "secondwitch", null)).isEqualTo(StanzaError.Condition.not_authorized);
            assertThat(refusal(guest, "secondwitch", "wrong")).isEqualTo(StanzaError.Condition.not_authorized);
            guest.join(Resourcepart.from("secondwitch"), "cauldronburn");
            assertThat(guest.isJoined()).isTrue();
            guest.leave();
        } finally {
            owner.leave();
        }
    }

    @Test
    void membersOnlyRoom_7_2_6() throws Exception {
        MultiUserChat owner = reserved("chapel", "muc#roomconfig_membersonly", "true");
        try {
            assertThat(refusal(as(wicca, "chapel"), "secondwitch", null)).isEqualTo(StanzaError.Condition.registration_required);
        } finally {
            owner.leave();
        }
    }

    @Test
    void maxUsers_7_2_9() throws Exception {
        MultiUserChat owner = reserved("closet", "muc#roomconfig_maxusers", "10");
        try {
            Form form = owner.getConfigurationForm();
            assertThat(form.getField("muc#roomconfig_maxusers").getFirstValue()).isEqualTo("10");
        } finally {
            owner.leave();
        }
        // a room of one: the second witch finds it full
        MultiUserChat tiny = as(crone, "tiny");
        tiny.create(Resourcepart.from("firstwitch"));
        FillableForm fill = tiny.getConfigurationForm().getFillableForm();
        tiny.sendConfigurationForm(fill); // defaults first, then a raw submission below sets a maximum of 1
        try {
            // any number is a fine answer to maxusers, though 1 is not among the sizes the form offers
            crone.sendIqRequestAndWaitForResponse(maxUsers("1"));
            MultiUserChat guest = as(wicca, "tiny");
            XMPPException.XMPPErrorException full = (XMPPException.XMPPErrorException) catchThrowable(
                    () -> guest.join(Resourcepart.from("secondwitch")));
            assertThat(full.getStanzaError().getCondition()).as("§7.2.9").isEqualTo(StanzaError.Condition.service_unavailable);
            // "the room MUST allow the admin or owner to join" (§7.2.9)
            tiny.grantAdmin(JidCreate.entityBareFrom("wiccarocks@localhost"));
            guest.join(Resourcepart.from("secondwitch"));
            org.awaitility.Awaitility.await().until(() -> guest.getOccupantsCount() == 2);
            guest.leave();
            XMPPException.XMPPErrorException notANumber = (XMPPException.XMPPErrorException) catchThrowable(
                    () -> crone.sendIqRequestAndWaitForResponse(maxUsers("lots")));
            assertThat(notANumber.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
        } finally {
            tiny.leave();
        }
    }

    private static org.jivesoftware.smackx.muc.packet.MUCOwner maxUsers(String value) throws Exception {
        org.jivesoftware.smackx.xdata.packet.DataForm form = org.jivesoftware.smackx.xdata.packet.DataForm.builder(
                        org.jivesoftware.smackx.xdata.packet.DataForm.Type.submit)
                .setFormType("http://jabber.org/protocol/muc#roomconfig")
                .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#roomconfig_maxusers").setValue(value).build())
                .build();
        org.jivesoftware.smackx.muc.packet.MUCOwner q = new org.jivesoftware.smackx.muc.packet.MUCOwner();
        q.setTo(JidCreate.entityBareFrom("tiny@conference.localhost"));
        q.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        q.addExtension(form);
        return q;
    }

    @Test
    void roomItemsListOccupantsUnlessTheListIsPrivate_6_5() throws Exception {
        var wiccaDisco = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(wicca);
        MultiUserChat open = reserved("parlour");
        MultiUserChat closed = reserved("den", "public_list", "false");
        try {
            assertThat(wiccaDisco.discoverItems(JidCreate.entityBareFrom("parlour@conference.localhost")).getItems())
                    .extracting(i -> i.getEntityID().toString()).containsExactly("parlour@conference.localhost/firstwitch");
            // Example 13: a private list is an empty result, to non-occupants
            assertThat(wiccaDisco.discoverItems(JidCreate.entityBareFrom("den@conference.localhost")).getItems()).isEmpty();
            MultiUserChat guest = as(wicca, "den");
            guest.join(Resourcepart.from("secondwitch"));
            assertThat(wiccaDisco.discoverItems(JidCreate.entityBareFrom("den@conference.localhost")).getItems()).hasSize(2);
            guest.leave();
        } finally {
            open.leave();
            closed.leave();
        }
    }

    @Test
    void privateMessagesAsTheRoomAllows_7_5() throws Exception {
        BlockingQueue<org.jivesoftware.smack.packet.Message> atCrone = new LinkedBlockingQueue<>();
        org.jivesoftware.smack.StanzaListener listener = st -> atCrone.add((org.jivesoftware.smack.packet.Message) st);
        crone.addSyncStanzaListener(listener, org.jivesoftware.smack.filter.MessageTypeFilter.CHAT);
        MultiUserChat owner = reserved("whispers", "muc#roomconfig_allowpm", "moderators");
        try {
            MultiUserChat guest = as(wicca, "whispers");
            guest.join(Resourcepart.from("secondwitch"));
            // a participant may not whisper where only moderators may
            try (org.jivesoftware.smack.StanzaCollector errors = wicca.createStanzaCollector(org.jivesoftware.smack.filter.MessageTypeFilter.ERROR)) {
                wicca.sendStanza(org.jivesoftware.smack.packet.MessageBuilder.buildMessage().ofType(org.jivesoftware.smack.packet.Message.Type.chat)
                        .to(JidCreate.entityFullFrom("whispers@conference.localhost/firstwitch")).setBody("psst").build());
                org.jivesoftware.smack.packet.Message error = errors.nextResult(5000);
                assertThat(error).isNotNull();
                assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
            }
            assertThat(atCrone.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
            // the moderator may, and the recipient gets it from the occupant JID with one muc#user element (Example 47)
            try (org.jivesoftware.smack.StanzaCollector pms = wicca.createStanzaCollector(org.jivesoftware.smack.filter.MessageTypeFilter.CHAT)) {
                crone.sendStanza(org.jivesoftware.smack.packet.MessageBuilder.buildMessage().ofType(org.jivesoftware.smack.packet.Message.Type.chat)
                        .to(JidCreate.entityFullFrom("whispers@conference.localhost/secondwitch")).setBody("welcome")
                        .addExtension(new MUCUser()).build());
                org.jivesoftware.smack.packet.Message pm = pms.nextResult(5000);
                assertThat(pm).isNotNull();
                assertThat(pm.getBody()).isEqualTo("welcome");
                assertThat(pm.getFrom().toString()).isEqualTo("whispers@conference.localhost/firstwitch");
                assertThat(pm.getExtensions(MUCUser.class)).hasSize(1);
            }
            guest.leave();
        } finally {
            crone.removeSyncStanzaListener(listener);
            owner.leave();
        }
    }

    @Test
    void nonAnonymousRoomTellsEveryoneRealJids_7_2_3() throws Exception {
        BlockingQueue<Integer> codes = new LinkedBlockingQueue<>();
        MultiUserChat owner = reserved("open-book", "muc#roomconfig_whois", "anyone");
        try {
            MultiUserChat guest = as(wicca, "open-book");
            guest.addParticipantStatusListener(new org.jivesoftware.smackx.muc.ParticipantStatusListener() {});
            wicca.addSyncStanzaListener(s -> {
                MUCUser x = MUCUser.from(s);
                if (x != null) x.getStatus().forEach(st -> codes.add(st.getCode()));
            }, org.jivesoftware.smack.filter.StanzaTypeFilter.PRESENCE);
            guest.join(Resourcepart.from("secondwitch"));
            org.awaitility.Awaitility.await().until(() -> guest.getOccupantsCount() == 2);
            assertThat(guest.getOccupant(JidCreate.entityFullFrom("open-book@conference.localhost/firstwitch")).getJid().toString())
                    .isEqualTo("crone1@localhost/desktop");
            assertThat(List.copyOf(codes)).contains(100, 110);
            guest.leave();
        } finally {
            owner.leave();
        }
    }

    @Test
    void aConfigurationChangeIsAnnounced_10_2_1_andDiscoveryShowsIt_6_4() throws Exception {
        MultiUserChat owner = reserved("notice-board");
        MultiUserChat guest = as(wicca, "notice-board");
        guest.join(Resourcepart.from("secondwitch"));
        try {
            BlockingQueue<Message> notices = new LinkedBlockingQueue<>();
            // only the notice: the subject message that ends an entry also comes from the room's bare JID
            wicca.addSyncStanzaListener(s -> {
                if (MUCUser.from(s) != null) notices.add((Message) s);
            }, new org.jivesoftware.smack.filter.AndFilter(
                    org.jivesoftware.smack.filter.MessageTypeFilter.GROUPCHAT,
                    org.jivesoftware.smack.filter.FromMatchesFilter.createFull(JidCreate.entityBareFrom("notice-board@conference.localhost"))));
            FillableForm fill = owner.getConfigurationForm().getFillableForm();
            fill.setAnswer("muc#roomconfig_enablelogging", true);
            fill.setAnswer("muc#roomconfig_roomdesc", "Where the witches post their spells");
            owner.sendConfigurationForm(fill);
            Message notice = notices.poll(5, TimeUnit.SECONDS);
            assertThat(MUCUser.from(notice).getStatus()).extracting(MUCUser.Status::getCode).contains(170, 104);
            RoomInfo info = MultiUserChatManager.getInstanceFor(wicca).getRoomInfo(JidCreate.entityBareFrom("notice-board@conference.localhost"));
            assertThat(info.getDescription()).isEqualTo("Where the witches post their spells");
            assertThat(info.isPersistent()).isFalse();
            assertThat(info.getOccupantsCount()).isEqualTo(2);
        } finally {
            guest.leave();
            owner.leave();
        }
    }

    @Test
    void cancellingTheInitialConfigurationDestroysTheRoom_10_1_3() throws Exception {
        MultiUserChat owner = as(crone, "fleeting");
        owner.create(Resourcepart.from("firstwitch"));
        org.jivesoftware.smackx.muc.packet.MUCOwner cancel = new org.jivesoftware.smackx.muc.packet.MUCOwner();
        cancel.setTo(JidCreate.entityBareFrom("fleeting@conference.localhost"));
        cancel.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        cancel.addExtension(org.jivesoftware.smackx.xdata.packet.DataForm.builder(org.jivesoftware.smackx.xdata.packet.DataForm.Type.cancel).build());
        crone.sendIqRequestAndWaitForResponse(cancel);
        org.awaitility.Awaitility.await().until(() -> !owner.isJoined());
        // the room is gone: entering creates a new one (201 again)
        MultiUserChat again = as(wicca, "fleeting");
        MultiUserChat.MucCreateConfigFormHandle handle = again.createOrJoin(Resourcepart.from("secondwitch"));
        assertThat(handle).as("created anew").isNotNull();
        again.leave();
    }

    @Test
    void aPersistentRoomOutlivesItsLastOccupant_10_1() throws Exception {
        MultiUserChat owner = reserved("keep", "muc#roomconfig_persistentroom", "true");
        owner.leave();
        MultiUserChat guest = as(wicca, "keep");
        guest.join(Resourcepart.from("secondwitch")); // no 201: the room still exists, unlocked
        assertThat(guest.isJoined()).isTrue();
        RoomInfo info = MultiUserChatManager.getInstanceFor(wicca).getRoomInfo(JidCreate.entityBareFrom("keep@conference.localhost"));
        assertThat(info.isPersistent()).isTrue();
        guest.leave();
    }
}
