package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import java.util.Base64;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0486 as a client library does it: Smack's vCard-temp on the room's JID, and the hash from its disco#info. */
class RoomAvatarThroughSmackTest {
    static final byte[] PNG = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAACAAAAAgAQMAAABJtOi3AAAAB3RJTUUH4ggVERoVAPsrMgAAAAlwSFlzAAALEgAACxIB0t1+/AAAABl0RVh0U29mdHdhcmUAd3d3Lmlua3NjYXBlLm9yZ5vuPBoAAAAEZ0FNQQAAsY8L/GEFAAAAIGNIUk0AAHomAACAhAAA+gAAAIDoAAB1MAAA6mAAADqYAAAXcJy6UTwAAAAGUExURf8AAP///0EdNBEAAAABYktHRAH/Ai3eAAAADElEQVQI12NgGNwAAACgAAFhJX1HAAAAAElFTkSuQmCC");

    @Test
    void anOwnerSetsTheRoomsAvatarAndAVisitorReadsIt_3_2_to_3_4() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("romeo", "romeo-pass");
            node.addUser("juliet", "juliet-pass");
            XMPPTCPConnection romeo = node.login("romeo", "romeo-pass", "garden");
            XMPPTCPConnection juliet = node.login("juliet", "juliet-pass", "balcony");
            var room = JidCreate.entityBareFrom("garden@conference.localhost");
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
            muc.create(Resourcepart.from("romeo")).makeInstant();

            VCard vcard = new VCard();
            vcard.setAvatar(PNG, "image/png");
            vcard.setType(IQ.Type.set);
            vcard.setTo(room);
            romeo.sendIqRequestAndWaitForResponse(vcard); // §3.2

            // §3.3, §3.4: Juliet, not in the room, finds the hash and reads the vCard; the image hashes to it
            assertThat(VCardManager.getInstanceFor(juliet).isSupported(room)).isTrue();
            var info = ServiceDiscoveryManager.getInstanceFor(juliet).discoverInfo(room);
            String advertised = info.getExtension(org.jivesoftware.smackx.xdata.packet.DataForm.class).getField("muc#roominfo_avatarhash").getFirstValue();
            VCard read = VCardManager.getInstanceFor(juliet).loadVCard(room);
            assertThat(read.getAvatar()).isEqualTo(PNG);
            assertThat(read.getAvatarMimeType()).isEqualTo("image/png");
            assertThat(read.getAvatarHash()).isEqualTo(advertised);
            muc.leave();
            romeo.disconnect();
            juliet.disconnect();
        }
    }
}
