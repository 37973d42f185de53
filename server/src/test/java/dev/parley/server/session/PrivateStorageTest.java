package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.server.NodeFixture;
import dev.parley.server.account.PrivateXmlStore;
import java.util.Map;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.iqprivate.packet.DefaultPrivateData;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** XEP-0049 private XML storage, as clients use it for XEP-0048 bookmarks. */
class PrivateStorageTest {
    @Test
    void bookmarksSurviveALoginAndARestart() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            XMPPTCPConnection c = node.login("crone1", "crone1-pass", "desktop");
            BookmarkManager bookmarks = BookmarkManager.getBookmarkManager(c);
            assertThat(bookmarks.isSupported()).isTrue();
            bookmarks.addBookmarkedConference("The Coven", JidCreate.entityBareFrom("coven@conference.localhost"), true,
                    Resourcepart.from("firstwitch"), null);
            c.disconnect();

            node.restart();

            XMPPTCPConnection again = node.login("crone1", "crone1-pass", "laptop");
            try {
                assertThat(BookmarkManager.getBookmarkManager(again).getBookmarkedConferences())
                        .extracting(BookmarkedConference::getJid, BookmarkedConference::isAutoJoin)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(JidCreate.entityBareFrom("coven@conference.localhost"), true));
                // a fragment never stored is the empty element asked for
                PrivateDataManager pdm = PrivateDataManager.getInstanceFor(again);
                var nothing = (DefaultPrivateData) pdm.getPrivateData("prefs", "urn:example:nothing");
                assertThat(nothing.getNames()).isEmpty();
            } finally {
                again.disconnect();
            }
        }
    }

    @Test
    void xmppNamespacesCannotBeStored_and_dataGoesWithTheAccount() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            XMPPTCPConnection c = node.login("crone1", "crone1-pass", "desktop");
            try {
                DefaultPrivateData reserved = new DefaultPrivateData("message", "jabber:client");
                XMPPException.XMPPErrorException refused = catchThrowableOfType(XMPPException.XMPPErrorException.class,
                        () -> PrivateDataManager.getInstanceFor(c).setPrivateData(reserved));
                assertThat(refused.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
            } finally {
                c.disconnect();
            }
            PrivateXmlStore store = node.node.accounts().privateXml();
            store.put("crone1", Map.of(new PrivateXmlStore.Key("urn:example:x", "x"), "<x xmlns='urn:example:x'/>"));
            assertThat(store.get("crone1", "urn:example:x", "x")).isPresent();
            node.node.accounts().delete("crone1");
            node.addUser("crone1", "another-pass");
            assertThat(store.get("crone1", "urn:example:x", "x")).as("removed with the account").isEmpty();
        }
    }
}
