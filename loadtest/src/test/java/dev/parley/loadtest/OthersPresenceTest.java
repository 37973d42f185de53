package dev.parley.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Which room presences the generator counts from their bytes: the other occupants', in either quoting.
 * Its own (status 110, XEP-0045 §7.2.3), errors (§7.2.6–§7.2.11) and presences from elsewhere must reach
 * the parser, or joins and nickname changes would never complete.
 */
class OthersPresenceTest {
    private static final byte[][] ROOM = XmppClient.fromRoom("lt-0@conference.localhost");

    private static boolean others(String stanza) {
        byte[] b = stanza.getBytes(StandardCharsets.UTF_8);
        return XmppClient.isOthersPresence(b, 0, b.length, ROOM);
    }

    @Test
    void anotherOccupantsPresenceIsCountedInEitherQuoting() {
        assertTrue(others("<presence from='lt-0@conference.localhost/u7' to='user1@localhost/lt0'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='none' role='participant'/></x></presence>"));
        assertTrue(others("<presence to=\"user1@localhost/lt0\" from=\"lt-0@conference.localhost/u7\"><x xmlns=\"http://jabber.org/protocol/muc#user\">"
                + "<item affiliation=\"none\" role=\"participant\"/></x></presence>"));
        assertTrue(others("<presence from='lt-0@conference.localhost/u7' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item role='none'/></x></presence>"));
    }

    @Test
    void ourOwnPresence_7_2_3_isParsed() {
        assertFalse(others("<presence from='lt-0@conference.localhost/u0'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/></x></presence>"));
        assertFalse(others("<presence from=\"lt-0@conference.localhost/u0\"><x xmlns=\"http://jabber.org/protocol/muc#user\">"
                + "<item role=\"participant\"/><status code=\"110\"/></x></presence>"));
    }

    @Test
    void anErrorIsParsed() {
        assertFalse(others("<presence from='lt-0@conference.localhost/u0' type='error'><x xmlns='http://jabber.org/protocol/muc'/>"
                + "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"));
        assertFalse(others("<presence type=\"error\" from=\"lt-0@conference.localhost/u0\"><error type=\"auth\">"
                + "<forbidden xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/></error></presence>"));
    }

    @Test
    void presencesFromElsewhereOrBeforeAnyJoinAreParsed() {
        assertFalse(others("<presence from='lt-1@conference.localhost/u7'><x xmlns='http://jabber.org/protocol/muc#user'/></presence>"));
        assertFalse(others("<presence from='lt-0@conference.localhost'/>"));
        assertFalse(others("<presence from='juliet@localhost/balcony'/>"));
        assertFalse(others("<presence from='lt-0@conference.localhost/u7'"), "an unfinished start tag");
        byte[] b = "<presence from='lt-0@conference.localhost/u7'/>".getBytes(StandardCharsets.UTF_8);
        assertFalse(XmppClient.isOthersPresence(b, 0, b.length, null), "no room yet");
    }
}
