package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps of XEP-0045 as a {@link RawClient} takes them, for tests that speak to a room stanza by stanza. */
public final class RawMuc {
    private RawMuc() {}

    /**
     * §10.1.2: creates an instant room. The client enters as its first occupant (its own presence, with 201, is read),
     * then accepts the default configuration, which unlocks the room.
     */
    public static void createInstantRoom(RawClient owner, String room, String nick) throws Exception {
        owner.send("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        owner.nextNamed("presence");
        owner.send("<iq type='set' id='instant' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
        assertThat(owner.answerTo("instant").attribute("type")).isEqualTo("result");
    }

    /** §7.2: enters a room, reading up to its own presence (the occupants' presences come first, §7.2.3). */
    public static void enter(RawClient c, String room, String nick) throws Exception {
        c.send("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        while (!(room + "/" + nick).equals(c.nextNamed("presence").attribute("from"))) {
            // another occupant's presence
        }
    }
}
