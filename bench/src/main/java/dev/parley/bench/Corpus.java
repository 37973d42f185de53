package dev.parley.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A realistic client-to-server or room-to-client byte stream: 70% groupchat messages (body, stanza-id,
 * origin-id), 20% occupant presences (caps, muc#user item, show/status), 10% IQs (disco#info, ping),
 * with varied ids, nicknames and bodies. Deterministic (fixed seed), so runs compare.
 */
final class Corpus {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0' xml:lang='en'>";

    private static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while witches stir "
            + "their cauldron under a pale moon and the heath is quiet tonight \u00E9t\u00E9 caf\u00E9 \u263A").split(" ");

    private Corpus() {}

    /** About {@code targetBytes} of stanzas after a stream header; the stream is left open. */
    static byte[] stream(int targetBytes) {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(targetBytes + 1024).append(HEADER);
        int n = 0;
        while (sb.length() < targetBytes) {
            int kind = r.nextInt(10);
            if (kind < 7) sb.append(groupchat(r, n));
            else if (kind < 9) sb.append(presence(r, n));
            else sb.append(iq(r, n));
            n++;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String groupchat(Random r, int n) {
        return "<message from='coven@conference.example.org/witch" + r.nextInt(500) + "' to='user" + r.nextInt(5000)
                + "@example.org/phone' type='groupchat' id='m" + Long.toHexString(r.nextLong()) + "'><body>" + sentence(r, 6 + r.nextInt(14))
                + "</body><stanza-id xmlns='urn:xmpp:sid:0' id='" + Long.toHexString(r.nextLong()) + n
                + "' by='coven@conference.example.org'/><origin-id xmlns='urn:xmpp:sid:0' id='" + Long.toHexString(r.nextLong()) + "'/></message>";
    }

    static String presence(Random r, int n) {
        return "<presence from='coven@conference.example.org/witch" + r.nextInt(500) + "' to='user" + r.nextInt(5000)
                + "@example.org/phone' id='p" + n + "'><show>" + (r.nextBoolean() ? "away" : "dnd") + "</show><status>"
                + sentence(r, 3) + "</status><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' ver='"
                + Long.toHexString(r.nextLong()) + "='/><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant' jid='user"
                + r.nextInt(5000) + "@example.org/phone'/></x></presence>";
    }

    static String iq(Random r, int n) {
        return r.nextBoolean()
                ? "<iq from='user" + r.nextInt(5000) + "@example.org/phone' to='coven@conference.example.org' type='get' id='i" + n
                        + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"
                : "<iq from='user" + r.nextInt(5000) + "@example.org/phone' to='conference.example.org' type='get' id='ping" + n
                        + "'><ping xmlns='urn:xmpp:ping'/></iq>";
    }

    static String sentence(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) sb.append(' ');
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        if (r.nextInt(8) == 0) sb.append(" &amp; &lt;3");
        return sb.toString();
    }
}
