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
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.ParticipantStatusListener;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.Destroy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0045 §7.6 (nicknames), §7.8.2 (invitations) and §10.9 (destruction), with Smack. */
class RoomLifeTest {
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

    static MultiUserChat instant(String room) throws Exception {
        MultiUserChat m = as(crone, room);
        m.create(Resourcepart.from("firstwitch")).makeInstant();
        return m;
    }

    @Test
    void changingNickname_7_6() throws Exception {
        MultiUserChat owner = instant("nicks");
        MultiUserChat guest = as(wicca, "nicks");
        guest.join(Resourcepart.from("thirdwitch"));
        try {
            CompletableFuture<String> seen = new CompletableFuture<>();
            owner.addParticipantStatusListener(new ParticipantStatusListener() {
                @Override
                public void nicknameChanged(EntityFullJid participant, Resourcepart newNickname) {
                    seen.complete(participant.getResourceOrEmpty() + "->" + newNickname);
                }
            });
            guest.changeNickname(Resourcepart.from("oldhag"));
            assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("thirdwitch->oldhag");
            assertThat(guest.getNickname().toString()).isEqualTo("oldhag");
            // §7.6, Example 52: a nickname in use is a conflict, and nothing changes
            Throwable t = catchThrowable(() -> guest.changeNickname(Resourcepart.from("FirstWitch")));
            assertThat(((XMPPException.XMPPErrorException) t).getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict);
            Awaitility.await().until(() -> owner.getOccupantsCount() == 2);
            assertThat(owner.getOccupants()).extracting(j -> j.getResourceOrEmpty().toString()).containsExactlyInAnyOrder("firstwitch", "oldhag");
        } finally {
            guest.leave();
            owner.leave();
        }
    }

    @Test
    void mediatedInvitationAndDecline_7_8_2() throws Exception {
        MultiUserChat owner = instant("invites");
        try {
            CompletableFuture<String> invited = new CompletableFuture<>();
            MultiUserChatManager.getInstanceFor(wicca).addInvitationListener((conn, room, inviter, reason, password, message, invitation) ->
                    invited.complete(room.getRoom() + " from " + inviter + ": " + reason));
            CompletableFuture<String> declined = new CompletableFuture<>();
            owner.addInvitationRejectionListener((invitee, reason, message, rejection) ->
                    declined.complete(invitee + ": " + reason));
            owner.invite(JidCreate.entityBareFrom("wiccarocks@localhost"), "This coven needs you");
            assertThat(invited.get(5, TimeUnit.SECONDS)).isEqualTo("invites@conference.localhost from crone1@localhost/desktop: This coven needs you");
            MultiUserChatManager.getInstanceFor(wicca).decline(JidCreate.entityBareFrom("invites@conference.localhost"),
                    JidCreate.entityBareFrom("crone1@localhost"), "Sorry, I'm too busy right now.");
            assertThat(declined.get(5, TimeUnit.SECONDS)).isEqualTo("wiccarocks@localhost: Sorry, I'm too busy right now.");
        } finally {
            owner.leave();
        }
    }

    @Test
    void destroyingARoom_10_9() throws Exception {
        MultiUserChat owner = instant("heath");
        MultiUserChat guest = as(wicca, "heath");
        guest.join(Resourcepart.from("secondwitch"));
        CompletableFuture<Destroy> destroyed = new CompletableFuture<>();
        guest.addUserStatusListener(new UserStatusListener() {
            @Override
            public void roomDestroyed(MultiUserChat alternateMUC, String password, String reason) {
                destroyed.complete(new Destroy(alternateMUC == null ? null : alternateMUC.getRoom(), reason));
            }
        });
        EntityBareJid venue = JidCreate.entityBareFrom("coven@conference.localhost");
        owner.destroy("Macbeth doth come.", venue);
        Destroy d = destroyed.get(5, TimeUnit.SECONDS);
        assertThat(d.getReason()).isEqualTo("Macbeth doth come.");
        assertThat((Object) d.getJid()).isEqualTo(venue);
        Awaitility.await().until(() -> !guest.isJoined());
        // only owners may destroy
        MultiUserChat again = instant("heath2");
        MultiUserChat other = as(wicca, "heath2");
        other.join(Resourcepart.from("secondwitch"));
        Throwable t = catchThrowable(() -> other.destroy("mine now", null));
        assertThat(((XMPPException.XMPPErrorException) t).getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
        other.leave();
        again.leave();
    }
}
