package dev.parley.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/footprint.md: a connection's XML reader starts with a view of the common XMPP names, read once for the
 * process, and copies the name table only for a name outside them; nothing a client sends joins the shared table.
 */
class SharedNamesTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0' xml:lang='en'>";

    /** The reader's name table, through Aalto's internals (StreamParser → engine → reader → scanner → table). */
    private static Object table(StreamParser parser) throws Exception {
        Object engine = field(parser, "engine");
        Object reader = field(engine, "reader");
        Object scanner = ((com.fasterxml.aalto.stax.StreamReaderImpl) reader).getScanner();
        return field(scanner, "_symbols");
    }

    private static Object field(Object o, String name) throws Exception {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // the superclass's
            }
        }
        throw new NoSuchFieldException(name);
    }

    private static boolean shared(Object table) throws Exception {
        return (boolean) field(table, "mMainNamesShared") && (boolean) field(table, "mMainHashShared");
    }

    private static List<StreamEvent> feed(StreamParser p, String xml) {
        List<StreamEvent> events = new ArrayList<>();
        p.feed(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), events::add);
        return events;
    }

    @Test
    void aClientsUsualStanzasAddNoNameOfItsOwn() throws Exception {
        StreamParser p = new StreamParser();
        List<StreamEvent> events = feed(p, HEADER
                + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>balcony</resource></bind></iq>"
                + "<presence><show>away</show><status>out</status><priority>1</priority>"
                + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>"
                + "<presence to='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='20'/>"
                + "<password>cauldronburn</password></x></presence>"
                + "<message to='coven@chat.shakespeare.lit' type='groupchat' id='m1'><body>Harpier cries</body>"
                + "<origin-id xmlns='urn:xmpp:sid:0' id='o1'/><request xmlns='urn:xmpp:receipts'/></message>"
                + "<iq type='get' id='d1' to='chat.shakespeare.lit'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>"
                + "<r xmlns='urn:xmpp:sm:3'/><a xmlns='urn:xmpp:sm:3' h='3'/>");
        assertThat(events).hasSize(8);
        Object table = table(p);
        assertThat(((com.fasterxml.aalto.in.ByteBasedPNameTable) table).size()).as("the common names, read once").isGreaterThan(100);
        assertThat(shared(table)).as("no copy of the table made for this connection").isTrue();
    }

    @Test
    void aNameOutsideTheCommonOnesIsTheConnectionsAloneAndNeverShared() throws Exception {
        StreamParser p = new StreamParser();
        feed(p, HEADER);
        int before = ((com.fasterxml.aalto.in.ByteBasedPNameTable) table(p)).size();
        assertThat(shared(table(p))).isTrue();
        feed(p, "<message><zebra-stripes-9f1c xmlns='urn:example:zoo'/></message>");
        Object own = table(p);
        assertThat(shared(own)).as("this connection copied the table to add its name").isFalse();
        StreamParser next = new StreamParser();
        feed(next, HEADER);
        assertThat(((com.fasterxml.aalto.in.ByteBasedPNameTable) table(next)).size()).as("the shared table did not grow").isEqualTo(before);
        assertThat(shared(table(next))).isTrue();
    }
}
