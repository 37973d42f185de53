package dev.parley.protocol.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.xml.Attribute;
import dev.parley.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Drives one Aalto async reader: takes bytes in any split, assembles top-level elements, enforces
 * {@link XmlLimits} and the restricted XML of RFC 6120 §11.1, and turns every failure into a stream
 * error. Used by {@link StreamParser} (a TCP stream whose root is {@code <stream:stream>}) and
 * {@link FrameParser} (a WebSocket frame whose root is the element itself).
 *
 * <p>An explicit state machine in the style of Netty's decoders: once failed or finished, it discards
 * all further input.
 */
final class XmlReaderEngine {
    /** What the engine reports. Callbacks may call {@link #pause()} to stop at the current event. */
    interface Handler {
        /** Stream mode only: the root element (the stream header) started. */
        void rootStarted(String name, String namespace, List<Attribute> attributes, String defaultNamespace);

        /** A complete top-level element. */
        void element(Element element);

        /** Stream mode only: the root element ended. */
        void rootEnded();

        void failed(StreamError error);
    }

    private static final InputFactoryImpl FACTORY = primed(newFactory());

    /**
     * The element and attribute names of common XMPP traffic (RFC 6120/6121, XEP-0045, the usual extensions), read
     * once into the factory's shared name table (docs/footprint.md): each connection's reader starts with a view of
     * that table and makes a copy of its own only when its client sends a name outside it, where before every
     * reader built its own table from nothing (about 0.7 KB a connection). The readers of connections are never
     * closed, so nothing a client sends is merged into the shared table: it holds these names and no others.
     */
    static final String COMMON_NAMES = """
            <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' \
            xmlns:db='jabber:server:dialback' to='a' from='a' id='a' version='1.0' xml:lang='en'>\
            <stream:features><starttls><required/></starttls><mechanisms><mechanism/></mechanisms><bind/><session><optional/></session>\
            <sm/><ver/><c/><register/><auth/><csi/><sub/><limits/><max-bytes/><idle-seconds/></stream:features>\
            <proceed/><auth mechanism='a'/><response/><challenge/><success/><failure><not-authorized/></failure><abort/>\
            <authenticate mechanism='a'><initial-response/></authenticate><handshake/><db:result type='a'/><db:verify id='a'/>\
            <enable resume='a' max='1'/><enabled/><resume previd='a' h='1'/><resumed/><failed/><r/><a h='1'/><active/><inactive/>\
            <stream:error><text/></stream:error>\
            <iq type='a' id='a' to='a' from='a'><query node='a' ver='a' queryid='a'><item jid='a' node='a' name='a' affiliation='a' role='a' \
            nick='a' subscription='a' ask='a' approved='a'><group/><reason/><actor/></item><identity category='a' type='a' name='a'/>\
            <feature var='a'/><destroy jid='a'/><x type='a'><title/><instructions/><reported/><field var='a' type='a' label='a'><value/>\
            <option label='a'/><required/><desc/></field></x><set><max/><first index='1'/><last/><after/><before/><count/><index/></set>\
            <fin complete='a' stable='a'/><username/><password/><remove/></query><bind><resource/><jid/></bind><session/><ping/>\
            <vCard><FN/><NICKNAME/><PHOTO><TYPE/><BINVAL/></PHOTO></vCard><pubsub><publish node='a'><item id='a'/></publish><items node='a'/>\
            <retract/><subscribe/></pubsub><command node='a' action='a' sessionid='a' status='a'><actions/><note/></command><time><tzo/><utc/></time>\
            <error type='a' code='1' by='a'><bad-request/><item-not-found/><forbidden/><not-allowed/><conflict/><service-unavailable/>\
            <feature-not-implemented/><not-acceptable/><registration-required/><jid-malformed/><recipient-unavailable/>\
            <remote-server-not-found/><internal-server-error/><policy-violation/><resource-constraint/><text/></error></iq>\
            <message type='a' id='a' to='a' from='a'><body/><subject/><thread parent='a'/><x><invite from='a' to='a'><reason/><continue/></invite>\
            <decline/><password/><status code='1'/><item/><history/></x><delay stamp='a' from='a'/><request/><received/><markable/><displayed/>\
            <acknowledged/><composing/><paused/><gone/><origin-id/><stanza-id by='a'/><occupant-id/><replace/><reply to='a'/><fallback for='a'>\
            <body start='1' end='1'/></fallback><retract/><moderated/><apply-to/><html><p/><span style='a'/><br/><a href='a'/></html><store/>\
            <no-store/><no-permanent-store/><no-copy/><hint/><encrypted/><encryption namespace='a'/><reactions><reaction/></reactions>\
            <result queryid='a' id='a'><forwarded/></result><event/><private/><sent/><nick/><hats><hat title='a' uri='a' hue='1'/></hats></message>\
            <presence type='a' id='a' to='a' from='a'><show/><status/><priority/><c hash='a' node='a' ver='a' ext='a'/><x><history maxchars='1' \
            maxstanzas='1' seconds='1' since='a'/><password/><photo/><item/><status/></x><idle since='a'/><nick/><occupant-id/></presence>\
            </stream:stream>""";

    private static InputFactoryImpl primed(InputFactoryImpl f) {
        try {
            AsyncXMLStreamReader<AsyncByteArrayFeeder> r = f.createAsyncForByteArray();
            byte[] doc = COMMON_NAMES.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            r.getInputFeeder().feedInput(doc, 0, doc.length);
            r.getInputFeeder().endOfInput();
            for (int i = 0; i < 100_000 && r.next() != XMLStreamConstants.END_DOCUMENT; i++) {
                // read to the end: every name is now in the reader's table
            }
            r.close(); // its names merged into the factory's shared table
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the common names document does not parse", e);
        }
        return f;
    }

    private static InputFactoryImpl newFactory() {
        // Built defensively: no DTDs, no external entities, entity references reported (and refused), not
        // replaced. Text is not coalesced, so a long text never has to be buffered whole by the reader.
        InputFactoryImpl f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    private final XmlLimits limits;
    private final boolean rootIsStream;
    private final Handler handler;
    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final List<Frame> frames = new ArrayList<>();

    /** Bytes fed so far. */
    private long fed;
    /** Where the bytes of the next top-level element begin: after the previous one, or after the header. */
    private long boundary;
    private boolean rootStarted;
    private boolean stopped;
    private long pausedAt = -1;
    /** The bytes before the root element, kept (bounded by maxHeaderBytes) to recognise a DTD on failure. */
    private byte[] prolog = new byte[256];
    private int prologLength;
    /** The last two bytes of the previous slice, so "<!" split across slices is still recognised. */
    private byte previous1, previous2;

    XmlReaderEngine(XmlLimits limits, boolean rootIsStream, Handler handler) {
        this.limits = limits;
        this.rootIsStream = rootIsStream;
        this.handler = handler;
        this.reader = FACTORY.createAsyncForByteArray();
    }

    /** True once the engine failed or saw the end of the stream: it will report nothing more. */
    boolean stopped() {
        return stopped;
    }

    /** Stop for good: the rest of the input is discarded. */
    void stop() {
        stopped = true;
        frames.clear();
    }

    /** Stop after the event being reported: {@link #feed} returns where the rest of the input begins. */
    void pause() {
        pausedAt = endOffset();
    }

    /**
     * Parses {@code data[off, off+len)}. Returns the index where unconsumed input begins: {@code off+len}
     * normally, earlier when a callback paused the engine (the bytes from there belong to a restarted stream).
     */
    int feed(byte[] data, int off, int len) {
        int end = off + len;
        int p = off;
        while (p < end && !stopped) {
            int n = Math.min(XmlLimits.SLICE_BYTES, end - p);
            long sliceStart = fed;
            if (!rootStarted && rootIsStream) keepProlog(data, p, n);
            try {
                reader.getInputFeeder().feedInput(data, p, n);
                fed += n;
                drain();
            } catch (XMLStreamException e) {
                fail(classify(e, data, p, n));
            } catch (UncheckedStreamException e) {
                // Aalto decodes text lazily and reports its errors unchecked, from getText…()
                fail(classify(e.getCause() instanceof XMLStreamException x ? x : new XMLStreamException(e.getMessage()), data, p, n));
            }
            previous2 = n >= 2 ? data[p + n - 2] : previous1;
            previous1 = data[p + n - 1];
            p += n;
            if (pausedAt >= 0) {
                int resume = (int) (p - n + Math.max(0, pausedAt - sliceStart));
                pausedAt = -1;
                return resume;
            }
            if (!stopped) checkPendingBytes();
        }
        return end;
    }

    /** The input is complete (a WebSocket frame): anything still open is not well-formed. */
    void endOfInput() {
        if (stopped) return;
        reader.getInputFeeder().endOfInput();
        try {
            drain();
        } catch (XMLStreamException e) {
            fail(classify(e, new byte[0], 0, 0));
        } catch (UncheckedStreamException e) {
            fail(classify(e.getCause() instanceof XMLStreamException x ? x : new XMLStreamException(e.getMessage()), new byte[0], 0, 0));
        }
    }

    private void checkPendingBytes() {
        if (rootIsStream && !rootStarted) {
            if (fed > limits.maxHeaderBytes()) fail(policy("stream header larger than " + limits.maxHeaderBytes() + " bytes"));
        } else if (fed - boundary > limits.maxElementBytes()) {
            fail(policy("element larger than " + limits.maxElementBytes() + " bytes"));
        }
    }

    private void drain() throws XMLStreamException {
        while (!stopped && pausedAt < 0) {
            int event = reader.next();
            switch (event) {
                case AsyncXMLStreamReader.EVENT_INCOMPLETE -> {
                    return;
                }
                case XMLStreamConstants.START_DOCUMENT -> startDocument();
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> endElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters();
                case XMLStreamConstants.END_DOCUMENT -> stopped = true;
                case XMLStreamConstants.COMMENT -> fail(restricted("comments"));
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> fail(restricted("processing instructions"));
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION,
                        XMLStreamConstants.NOTATION_DECLARATION -> fail(restricted("DTDs"));
                case XMLStreamConstants.ENTITY_REFERENCE -> fail(restricted("entity references other than the predefined five"));
                default -> fail(StreamError.of(Condition.NOT_WELL_FORMED, "unexpected XML event " + event));
            }
        }
    }

    private void startDocument() {
        String encoding = reader.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            // RFC 6120 §11.6: UTF-8 only.
            fail(StreamError.of(Condition.UNSUPPORTED_ENCODING, "only UTF-8 is allowed"));
        }
    }

    private void startElement() {
        int depth = reader.getDepth();
        String name = reader.getLocalName();
        if (name.length() > limits.maxNameLength()) {
            fail(policy("element name longer than " + limits.maxNameLength()));
            return;
        }
        int namespaces = reader.getNamespaceCount();
        if (namespaces > limits.maxNamespaceDeclarations()) {
            fail(policy("more than " + limits.maxNamespaceDeclarations() + " namespace declarations on one element"));
            return;
        }
        List<Attribute> attributes = readAttributes();
        if (attributes == null) return;
        String namespace = nullToEmpty(reader.getNamespaceURI());

        if (rootIsStream && depth == 1) {
            String defaultNamespace = null;
            for (int i = 0; i < namespaces; i++) {
                String prefix = reader.getNamespacePrefix(i);
                if (prefix == null || prefix.isEmpty()) defaultNamespace = nullToEmpty(reader.getNamespaceURI(i));
            }
            boundary = endOffset();
            if (boundary > limits.maxHeaderBytes()) {
                fail(policy("stream header larger than " + limits.maxHeaderBytes() + " bytes"));
                return;
            }
            rootStarted = true;
            prolog = null;
            handler.rootStarted(name, namespace, attributes, defaultNamespace);
            return;
        }
        int elementDepth = rootIsStream ? depth - 1 : depth;
        if (elementDepth > limits.maxDepth()) {
            fail(policy("elements nested deeper than " + limits.maxDepth()));
            return;
        }
        if (elementDepth == 1 && namespace.isEmpty()) {
            fail(StreamError.of(Condition.INVALID_NAMESPACE, "top-level element in no namespace"));
            return;
        }
        if (!frames.isEmpty()) frames.get(frames.size() - 1).flushText();
        frames.add(new Frame(name, namespace, attributes));
    }

    private List<Attribute> readAttributes() {
        int count = reader.getAttributeCount();
        if (count > limits.maxAttributes()) {
            fail(policy("more than " + limits.maxAttributes() + " attributes on one element"));
            return null;
        }
        if (count == 0) return List.of();
        List<Attribute> attributes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String localName = reader.getAttributeLocalName(i);
            String value = reader.getAttributeValue(i);
            if (localName.length() > limits.maxNameLength()) {
                fail(policy("attribute name longer than " + limits.maxNameLength()));
                return null;
            }
            if (value.length() > limits.maxAttributeValueLength()) {
                fail(policy("attribute value longer than " + limits.maxAttributeValueLength()));
                return null;
            }
            attributes.add(new Attribute(nullToEmpty(reader.getAttributeNamespace(i)), localName, value));
        }
        return attributes;
    }

    private void endElement() {
        if (frames.isEmpty()) {
            if (rootIsStream) {
                stopped = true;
                handler.rootEnded();
            }
            return;
        }
        Frame frame = frames.remove(frames.size() - 1);
        Element element = frame.build();
        if (!frames.isEmpty()) {
            frames.get(frames.size() - 1).children.add(element);
            return;
        }
        long end = endOffset();
        if (end - boundary > limits.maxElementBytes()) {
            fail(policy("element larger than " + limits.maxElementBytes() + " bytes"));
            return;
        }
        boundary = end;
        handler.element(element);
    }

    private void characters() throws XMLStreamException {
        if (frames.isEmpty()) {
            // Between top-level elements: whitespace keepalives (RFC 6120 §4.6.1) are fine, anything else is not.
            char[] chars = reader.getTextCharacters();
            int start = reader.getTextStart();
            for (int i = start, end = start + reader.getTextLength(); i < end; i++) {
                char c = chars[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    fail(StreamError.of(Condition.BAD_FORMAT, "character data between stanzas"));
                    return;
                }
            }
            if (rootStarted) boundary = endOffset();
            return;
        }
        Frame frame = frames.get(frames.size() - 1);
        int length = reader.getTextLength();
        if (frame.textLength() + length > limits.maxTextLength()) {
            fail(policy("text longer than " + limits.maxTextLength() + " characters"));
            return;
        }
        frame.text().append(reader.getTextCharacters(), reader.getTextStart(), length);
    }

    private void fail(StreamError error) {
        if (stopped) return;
        stop();
        handler.failed(error);
    }

    private StreamError classify(XMLStreamException e, byte[] slice, int off, int len) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unbound namespace prefix")) {
            return StreamError.of(Condition.BAD_NAMESPACE_PREFIX, "undeclared namespace prefix");
        }
        if (hasMarkupDeclaration(slice, off, len)) return restricted("DTDs");
        return StreamError.of(Condition.NOT_WELL_FORMED, firstLine(message));
    }

    /**
     * Aalto refuses a DTD's internal subset with a syntax error rather than a DTD event. Markup
     * declarations start with {@code <!} and a letter ({@code <!DOCTYPE}, {@code <!ENTITY} …), unlike
     * comments and CDATA sections.
     */
    private boolean hasMarkupDeclaration(byte[] slice, int off, int len) {
        if (prolog != null && rootIsStream && containsDeclaration(prolog, 0, prologLength)) return true;
        byte[] window = new byte[len + 2];
        window[0] = previous2;
        window[1] = previous1;
        System.arraycopy(slice, off, window, 2, len);
        return containsDeclaration(window, 0, window.length);
    }

    private static boolean containsDeclaration(byte[] b, int off, int len) {
        for (int i = off; i + 2 < off + len; i++) {
            if (b[i] == '<' && b[i + 1] == '!' && ((b[i + 2] >= 'A' && b[i + 2] <= 'Z'))) return true;
        }
        return false;
    }

    private void keepProlog(byte[] data, int off, int n) {
        int room = limits.maxHeaderBytes() - prologLength;
        int take = Math.min(room, n);
        if (take <= 0 || prolog == null) return;
        if (prologLength + take > prolog.length) {
            prolog = java.util.Arrays.copyOf(prolog, Math.max(prolog.length * 2, prologLength + take));
        }
        System.arraycopy(data, off, prolog, prologLength, take);
        prologLength += take;
    }

    /** Where the current event ends, in bytes from the start of this engine's input. */
    private long endOffset() {
        try {
            return reader.getLocationInfo().getEndingByteOffset();
        } catch (XMLStreamException e) {
            return fed; // cannot happen for a fully parsed event; the conservative answer is "all of it"
        }
    }

    private static StreamError policy(String text) {
        return StreamError.of(Condition.POLICY_VIOLATION, text);
    }

    private static StreamError restricted(String what) {
        return StreamError.of(Condition.RESTRICTED_XML, what + " are not allowed in XMPP (RFC 6120 §11.1)");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** An element being assembled. */
    private static final class Frame {
        final String name;
        final String namespace;
        final List<Attribute> attributes;
        final List<dev.parley.protocol.xml.Node> children = new ArrayList<>(4);
        private StringBuilder text;
        private int flushedText;

        Frame(String name, String namespace, List<Attribute> attributes) {
            this.name = name;
            this.namespace = namespace;
            this.attributes = attributes;
        }

        StringBuilder text() {
            if (text == null) text = new StringBuilder(64);
            return text;
        }

        int textLength() {
            return flushedText + (text == null ? 0 : text.length());
        }

        void flushText() {
            if (text != null && text.length() > 0) {
                flushedText += text.length();
                children.add(new dev.parley.protocol.xml.Text(text.toString()));
                text.setLength(0);
            }
        }

        Element build() {
            flushText();
            Element.Builder b = Element.builder(name, namespace);
            for (Attribute a : attributes) b.attribute(a.namespace(), a.name(), a.value());
            for (dev.parley.protocol.xml.Node c : children) b.add(c);
            return b.build();
        }
    }
}
