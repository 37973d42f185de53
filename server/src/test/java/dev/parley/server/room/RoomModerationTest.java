package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.server.NodeFixture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0045 §8 (moderators), §9 (admins) and §10.3–§10.8 (owners), with Smack's MultiUserChat. */
class RoomModerationTest {
    static NodeFixture fixture;
    static XMPPTCPConnection crone;
    static XMPPTCPConnection wicca;
    static XMPPTCPConnection hag;
    static int rooms;
    MultiUserChat owner;
    MultiUserChat second;
    MultiUserChat third;

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture();
        for (String u : new String[] {"crone1", "wiccarocks", "hag66"}) fixture.addUser(u, u + "-pass");
        crone = fixture.login("crone1", "crone1-pass", "desktop");
        wicca = fixture.login("wiccarocks", "wiccarocks-pass", "laptop");
        hag = fixture.login("hag66", "hag66-pass", "pda");
    }

    @AfterAll
    static void stop() throws Exception {
        for (XMPPTCPConnection c : new XMPPTCPConnection[] {crone, wicca, hag}) c.disconnect();
        fixture.close();
    }

    @AfterEach
    void leave() throws Exception {
        for (MultiUserChat m : new MultiUserChat[] {third, second, owner}) {
            if (m != null && m.isJoined()) m.leave();
        }
    }

    static Jid jid(String s) throws Exception {
        return JidCreate.from(s);
    }

    /** A fresh room: crone1 owns it as firstwitch, wiccarocks and hag66 are in as secondwitch and thirdwitch. */
    void room(boolean moderated) throws Exception {
        String name = "coven" + (++rooms) + "@conference.localhost";
        owner = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(JidCreate.entityBareFrom(name));
        owner.create(Resourcepart.from("firstwitch"));
        FillableForm form = owner.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_moderatedroom", moderated);
        owner.sendConfigurationForm(form);
        second = MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(JidCreate.entityBareFrom(name));
        second.join(Resourcepart.from("secondwitch"));
        third = MultiUserChatManager.getInstanceFor(hag).getMultiUserChat(JidCreate.entityBareFrom(name));
        third.join(Resourcepart.from("thirdwitch"));
        Awaitility.await().until(() -> owner.getOccupantsCount() == 3);
    }

    EntityFullJid occupant(String nick) throws Exception {
        return JidCreate.entityFullFrom(owner.getRoom() + "/" + nick);
    }

    static StanzaError.Condition refused(ThrowingRunnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).isInstanceOf(XMPPException.XMPPErrorException.class);
        return ((XMPPException.XMPPErrorException) t).getStanzaError().getCondition();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aVisitorAsksForVoiceAndAModeratorApproves_7_13_and_8_6() throws Exception {
        java.util.concurrent.BlockingQueue<org.jivesoftware.smack.packet.Message> atModerator = new java.util.concurrent.LinkedBlockingQueue<>();
        org.jivesoftware.smack.StanzaListener forms = st -> {
            var f = org.jivesoftware.smackx.xdata.packet.DataForm.from(st);
            if (f != null && "http://jabber.org/protocol/muc#request".equals(f.getFormType())) atModerator.add((org.jivesoftware.smack.packet.Message) st);
        };
        crone.addSyncStanzaListener(forms, org.jivesoftware.smack.filter.StanzaTypeFilter.MESSAGE);
        try {
            room(true); // moderated: the two newcomers are visitors
            java.util.concurrent.CompletableFuture<Void> voiced = new java.util.concurrent.CompletableFuture<>();
            third.addUserStatusListener(new UserStatusListener() {
                @Override
                public void voiceGranted() {
                    voiced.complete(null);
                }
            });
            third.requestVoice();
            org.jivesoftware.smack.packet.Message approval = atModerator.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(approval).as("Example 108 reaches the moderator").isNotNull();
            var form = org.jivesoftware.smackx.xdata.packet.DataForm.from(approval);
            assertThat(form.getType()).isEqualTo(org.jivesoftware.smackx.xdata.packet.DataForm.Type.form);
            assertThat(form.getField("muc#roomnick").getFirstValue()).isEqualTo("thirdwitch");
            assertThat(form.getField("muc#jid").getFirstValue()).isEqualTo("hag66@localhost/pda");
            // a second request at once is refused: one visitor does not flood the moderators
            try (org.jivesoftware.smack.StanzaCollector errors = hag.createStanzaCollector(new org.jivesoftware.smack.filter.AndFilter(
                    org.jivesoftware.smack.filter.MessageTypeFilter.ERROR, org.jivesoftware.smack.filter.FromMatchesFilter.createBare(owner.getRoom())))) {
                third.requestVoice();
                org.jivesoftware.smack.packet.Message error = errors.nextResult(5000);
                assertThat(error).isNotNull();
                assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.resource_constraint);
            }
            assertThat(atModerator.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();

            // Example 109: the moderator approves
            var approve = org.jivesoftware.smackx.xdata.packet.DataForm.builder(org.jivesoftware.smackx.xdata.packet.DataForm.Type.submit)
                    .setFormType("http://jabber.org/protocol/muc#request")
                    .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#role").setValue("participant").build())
                    .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#roomnick").setValue("thirdwitch").build())
                    .addField(org.jivesoftware.smackx.xdata.TextSingleFormField.builder("muc#request_allow").setValue("true").build())
                    .build();
            crone.sendStanza(org.jivesoftware.smack.packet.MessageBuilder.buildMessage().to(owner.getRoom()).addExtension(approve).build());
            voiced.get(5, java.util.concurrent.TimeUnit.SECONDS);
            Awaitility.await().until(() -> owner.getOccupant(occupant("thirdwitch")).getRole() == org.jivesoftware.smackx.muc.MUCRole.participant);
        } finally {
            crone.removeSyncStanzaListener(forms);
        }
    }

    @Test
    void kickingAnOccupant_8_2() throws Exception {
        room(false);
        CompletableFuture<String> kicked = new CompletableFuture<>();
        third.addUserStatusListener(new UserStatusListener() {
            @Override
            public void kicked(Jid actor, String reason) {
                kicked.complete(reason);
            }
        });
        CompletableFuture<String> witnessed = new CompletableFuture<>();
        second.addParticipantStatusListener(new org.jivesoftware.smackx.muc.ParticipantStatusListener() {
            @Override
            public void kicked(org.jxmpp.jid.EntityFullJid participant, Jid actor, String reason) {
                witnessed.complete(participant.getResourceOrEmpty() + ": " + reason); // 307 and role none, to the others too (§8.2)
            }
        });
        owner.kickParticipant(Resourcepart.from("thirdwitch"), "Avaunt, you cullion!");
        assertThat(kicked.get(5, TimeUnit.SECONDS)).isEqualTo("Avaunt, you cullion!");
        assertThat(witnessed.get(5, TimeUnit.SECONDS)).isEqualTo("thirdwitch: Avaunt, you cullion!");
        Awaitility.await().until(() -> !third.isJoined() && owner.getOccupantsCount() == 2);
        // a moderator without affiliation may not kick an owner (§8.2)
        owner.grantModerator(Resourcepart.from("secondwitch"));
        Awaitility.await().until(() -> second.getOccupant(occupant("secondwitch")).getRole().name().equals("moderator"));
        assertThat(refused(() -> second.kickParticipant(Resourcepart.from("firstwitch"), "no"))).isEqualTo(StanzaError.Condition.not_allowed);
    }

    @Test
    void voiceInAModeratedRoom_8_3_8_4_8_5() throws Exception {
        room(true);
        // §5.1.2 Table 4: unaffiliated users enter a moderated room as visitors
        assertThat(owner.getOccupant(occupant("secondwitch")).getRole().name()).isEqualTo("visitor");
        java.util.concurrent.BlockingQueue<org.jivesoftware.smack.packet.Message> errors = new java.util.concurrent.LinkedBlockingQueue<>();
        wicca.addSyncStanzaListener(m -> errors.add((org.jivesoftware.smack.packet.Message) m), org.jivesoftware.smack.filter.MessageTypeFilter.ERROR);
        second.sendMessage("may I speak?"); // §7.4: a visitor may not
        assertThat(errors.poll(5, TimeUnit.SECONDS).getError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
        owner.grantVoice(Resourcepart.from("secondwitch"));
        Awaitility.await().until(() -> second.getOccupant(occupant("secondwitch")).getRole().name().equals("participant"));
        assertThat(owner.getParticipants()).extracting(o -> o.getNick().toString()).contains("secondwitch");
        owner.revokeVoice(Resourcepart.from("secondwitch"));
        Awaitility.await().until(() -> second.getOccupant(occupant("secondwitch")).getRole().name().equals("visitor"));
        // a participant has no say over roles
        assertThat(refused(() -> third.grantVoice(Resourcepart.from("secondwitch")))).isEqualTo(StanzaError.Condition.forbidden);
    }

    @Test
    void banningAndTheBanList_9_1_9_2() throws Exception {
        room(false);
        CompletableFuture<Boolean> banned = new CompletableFuture<>();
        third.addUserStatusListener(new UserStatusListener() {
            @Override
            public void banned(Jid actor, String reason) {
                banned.complete(true);
            }
        });
        owner.banUser(JidCreate.entityBareFrom("hag66@localhost"), "Treason");
        assertThat(banned.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(owner.getOutcasts()).extracting(Affiliate::getJid).extracting(Jid::toString).containsExactly("hag66@localhost");
        Awaitility.await().until(() -> !third.isJoined());
        // §7.2.7: the banned user cannot come back
        assertThat(refused(() -> third.join(Resourcepart.from("thirdwitch")))).isEqualTo(StanzaError.Condition.forbidden);
        // §9.1: no banning upwards, nor oneself
        assertThat(refused(() -> second.banUser(JidCreate.entityBareFrom("crone1@localhost"), "no"))).isEqualTo(StanzaError.Condition.forbidden);
        assertThat(refused(() -> owner.banUser(JidCreate.entityBareFrom("crone1@localhost"), "me"))).isEqualTo(StanzaError.Condition.conflict);
    }

    @Test
    void membershipAndMembersOnlyRooms_9_3_9_4_9_5() throws Exception {
        room(false);
        owner.grantMembership(JidCreate.entityBareFrom("wiccarocks@localhost"));
        assertThat(owner.getMembers()).extracting(a -> a.getJid().toString()).containsExactly("wiccarocks@localhost");
        Awaitility.await().until(() -> second.getOccupant(occupant("secondwitch")).getAffiliation().name().equals("member"));
        FillableForm form = owner.getConfigurationForm().getFillableForm();
        form.setAnswer("muc#roomconfig_membersonly", true);
        owner.sendConfigurationForm(form);
        // revoking membership in a members-only room removes the occupant (321)
        owner.revokeMembership(JidCreate.entityBareFrom("wiccarocks@localhost"));
        Awaitility.await().until(() -> !second.isJoined());
        assertThat(owner.getMembers()).isEmpty();
    }

    @Test
    void moderatorsAdminsAndOwners_9_6_to_10_8() throws Exception {
        room(false);
        owner.grantModerator(Resourcepart.from("thirdwitch"));
        assertThat(owner.getModerators()).extracting(o -> o.getNick().toString()).contains("firstwitch", "thirdwitch");
        owner.revokeModerator(Resourcepart.from("thirdwitch"));
        Awaitility.await().until(() -> owner.getOccupant(occupant("thirdwitch")).getRole().name().equals("participant"));

        owner.grantAdmin(JidCreate.entityBareFrom("wiccarocks@localhost"));
        assertThat(owner.getAdmins()).extracting(a -> a.getJid().toString()).containsExactly("wiccarocks@localhost");
        // an admin enters as (or becomes) a moderator (Table 4), and may not read the owner list (§10.5)
        Awaitility.await().until(() -> second.getOccupant(occupant("secondwitch")).getRole().name().equals("moderator"));
        assertThat(refused(second::getOwners)).isEqualTo(StanzaError.Condition.forbidden);
        // an admin may not remove an admin or make one (§10.6–§10.7)
        assertThat(refused(() -> second.grantAdmin(JidCreate.entityBareFrom("hag66@localhost")))).isEqualTo(StanzaError.Condition.forbidden);

        owner.grantOwnership(JidCreate.entityBareFrom("hag66@localhost"));
        assertThat(owner.getOwners()).extracting(a -> a.getJid().toString()).containsExactlyInAnyOrder("crone1@localhost", "hag66@localhost");
        third.revokeOwnership(JidCreate.entityBareFrom("hag66@localhost")); // not the last owner: allowed
        // §10.4: the last owner cannot step down
        assertThat(refused(() -> owner.revokeOwnership(JidCreate.entityBareFrom("crone1@localhost")))).isEqualTo(StanzaError.Condition.conflict);
    }
}
