package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.server.NodeFixture;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0045 §7.10 registering with a room, §7.12 the reserved nickname, §7.2.8 its enforcement; kept across a restart. */
class RegistrationTest {
    static MultiUserChat as(XMPPTCPConnection c, String room) throws Exception {
        return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room + "@conference.localhost"));
    }

    @Test
    void registeringMakesAMemberWithAReservedNickname() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            for (String u : new String[] {"crone1", "hag66", "wiccarocks"}) node.addUser(u, u + "-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            XMPPTCPConnection hag = node.login("hag66", "hag66-pass", "pda");
            XMPPTCPConnection wicca = node.login("wiccarocks", "wiccarocks-pass", "laptop");
            try {
                MultiUserChat owner = as(crone, "coven");
                owner.create(Resourcepart.from("firstwitch"));
                FillableForm config = owner.getConfigurationForm().getFillableForm();
                config.setAnswer("muc#roomconfig_persistentroom", true);
                owner.sendConfigurationForm(config);

                MultiUserChat hagsView = as(hag, "coven");
                // §7.12: nothing reserved yet
                assertThat(hagsView.getReservedNickname()).isNull();
                // Example 70, 71, 75
                var form = hagsView.getRegistrationForm();
                assertThat(form.getFormType()).isEqualTo("http://jabber.org/protocol/muc#register");
                FillableForm answer = form.getFillableForm();
                answer.setAnswer("muc#register_roomnick", "thirdwitch");
                hagsView.sendRegistrationForm(answer);
                assertThat(hagsView.getReservedNickname()).isEqualTo("thirdwitch");
                assertThat(owner.getMembers()).extracting(Affiliate::getJid).extracting(Object::toString).containsExactly("hag66@localhost");
                assertThat(owner.getMembers().get(0).getNick().toString()).isEqualTo("thirdwitch");

                // §7.2.8: someone else may not take it
                XMPPException.XMPPErrorException taken = catchThrowableOfType(XMPPException.XMPPErrorException.class,
                        () -> as(wicca, "coven").join(Resourcepart.from("thirdwitch")));
                assertThat(taken.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict);
                // nor register it
                FillableForm again = as(wicca, "coven").getRegistrationForm().getFillableForm();
                again.setAnswer("muc#register_roomnick", "ThirdWitch");
                XMPPException.XMPPErrorException conflict = catchThrowableOfType(XMPPException.XMPPErrorException.class,
                        () -> as(wicca, "coven").sendRegistrationForm(again));
                assertThat(conflict.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict);
                // the holder enters with it
                hagsView.join(Resourcepart.from("thirdwitch"));
                hagsView.leave();
                owner.leave();
            } finally {
                crone.disconnect();
                hag.disconnect();
                wicca.disconnect();
            }

            node.restart();

            XMPPTCPConnection back = node.login("hag66", "hag66-pass", "again");
            try {
                assertThat(as(back, "coven").getReservedNickname()).as("kept across a restart").isEqualTo("thirdwitch");
            } finally {
                back.disconnect();
            }
        }
    }

    @Test
    void inAMembersOnlyRoomAnOwnerApprovesTheRegistration_9_9() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            node.addUser("hag66", "hag66-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            XMPPTCPConnection hag = node.login("hag66", "hag66-pass", "pda");
            java.util.concurrent.BlockingQueue<org.jivesoftware.smack.packet.Message> approvals = new java.util.concurrent.LinkedBlockingQueue<>();
            crone.addSyncStanzaListener(st -> {
                var f = org.jivesoftware.smackx.xdata.packet.DataForm.from(st);
                if (f != null && "http://jabber.org/protocol/muc#register".equals(f.getFormType())) approvals.add((org.jivesoftware.smack.packet.Message) st);
            }, org.jivesoftware.smack.filter.StanzaTypeFilter.MESSAGE);
            try {
                MultiUserChat owner = as(crone, "chapel");
                owner.create(Resourcepart.from("firstwitch"));
                FillableForm config = owner.getConfigurationForm().getFillableForm();
                config.setAnswer("muc#roomconfig_membersonly", true);
                owner.sendConfigurationForm(config);

                MultiUserChat hagsView = as(hag, "chapel");
                FillableForm answer = hagsView.getRegistrationForm().getFillableForm();
                answer.setAnswer("muc#register_roomnick", "thirdwitch");
                hagsView.sendRegistrationForm(answer); // Example 75: received
                assertThat(owner.getMembers()).as("not a member before approval").isEmpty();

                // Example 151 reaches the owner, naming the user; the owner approves
                org.jivesoftware.smack.packet.Message request = approvals.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(request).isNotNull();
                var form = org.jivesoftware.smackx.xdata.packet.DataForm.from(request);
                assertThat(form.getField("muc#jid").getFirstValue()).isEqualTo("hag66@localhost");
                assertThat(form.getField("muc#register_roomnick").getFirstValue()).isEqualTo("thirdwitch");
                var approve = org.jivesoftware.smackx.xdata.packet.DataForm.builder(org.jivesoftware.smackx.xdata.packet.DataForm.Type.submit)
                        .setFormType("http://jabber.org/protocol/muc#register")
                        .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#jid").setValue("hag66@localhost").build())
                        .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#register_roomnick").setValue("thirdwitch").build())
                        .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#register_allow").setValue("1").build())
                        .build();
                crone.sendStanza(org.jivesoftware.smack.packet.MessageBuilder.buildMessage().to(owner.getRoom()).addExtension(approve).build());
                org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(owner.getMembers()).extracting(m -> m.getJid().toString())
                        .containsExactly("hag66@localhost"));
                assertThat(hagsView.getReservedNickname()).isEqualTo("thirdwitch");
                hagsView.join(Resourcepart.from("thirdwitch")); // a member now
                hagsView.leave();
                owner.leave();
            } finally {
                crone.disconnect();
                hag.disconnect();
            }
        }
    }
}
