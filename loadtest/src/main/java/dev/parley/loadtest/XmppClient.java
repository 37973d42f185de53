package dev.parley.loadtest;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.stream.StreamParser;
import dev.parley.protocol.stream.XmlLimits;
import dev.parley.protocol.xml.Element;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * One simulated XMPP client: a Netty handler that runs the client side of a c2s stream (RFC 6120: STARTTLS,
 * SASL PLAIN or ANONYMOUS, binding; XEP-0077 registration; XEP-0198 acks) and then a MUC occupant (XEP-0045:
 * entering, creating an instant room, messages, presence changes, exit). Everything happens on the
 * channel's event loop; the driver calls the public methods, which hop onto it.
 *
 * <p>Outgoing stanzas are written as text templates (the generator sends far fewer stanzas than it
 * receives); incoming ones go through the protocol module's parser, as on the server.
 */
public final class XmppClient extends ChannelInboundHandlerAdapter {
    /** What the driver learns from a client. All calls come from the client's event loop. */
    public interface Listener {
        void ready(XmppClient c);

        void joined(XmppClient c);

        void left(XmppClient c);

        void failed(XmppClient c, String why);
    }

    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_USER = MUC + "#user";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SM = "urn:xmpp:sm:3";
    static final String STREAMS = "http://etherx.jabber.org/streams";
    /** Bodies the generator sends start with this, then the send time (System.nanoTime) and the sender's number. */
    static final String MARK = "lt ";

    private enum State { CONNECTING, FEATURES, TLS_HANDSHAKE, REGISTERING, AUTHENTICATING, BINDING, SESSION, SM_ENABLING, READY, CLOSED }

    public final int index;
    private final Target target;
    private final Accounts.Account account;
    private final boolean register;
    private final SslContext ssl;
    private final Metrics metrics;
    private final Listener listener;
    private final StreamParser parser = new StreamParser(XmlLimits.DEFAULTS, Set.of("jabber:client"));
    private final StanzaSplitter splitter = new StanzaSplitter(XmlLimits.DEFAULTS.maxElementBytes());

    private Channel channel;
    private State state = State.CONNECTING;
    private long connectStarted;
    private boolean tlsActive;
    private boolean smEnabled;
    private long handled;
    private int nextId;

    /** The room this client is in or entering, and its nickname there. */
    private String room;
    /** The occupants the room this client creates is configured for; 0 for the server's default (an instant room). */
    private int maxUsers;
    private String nick;
    private String pendingNick;
    private long joinStarted;
    private boolean joining, inRoom, leaving, configuring;

    public XmppClient(int index, Target target, Accounts.Account account, boolean register, SslContext ssl, Metrics metrics, Listener listener) {
        this.index = index;
        this.target = target;
        this.account = account;
        this.register = register && account != null;
        this.ssl = ssl;
        this.metrics = metrics;
        this.listener = listener;
    }

    public Channel channel() {
        return channel;
    }

    public boolean inRoom() {
        return inRoom;
    }

    public String room() {
        return room;
    }

    /** Called by the driver when it starts connecting. */
    void connecting(long now) {
        connectStarted = now;
    }

    // --- stream set-up ------------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        metrics.connected.increment();
        if (target.tls().equals("direct")) {
            tlsActive = true;
            state = State.TLS_HANDSHAKE;
            channel.pipeline().addFirst("tls", ssl.newHandler(channel.alloc(), target.host(), target.port()));
        } else {
            openStream();
        }
    }

    private void openStream() {
        state = State.FEATURES;
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS + "' to='" + target.domain()
                + "' version='1.0' xml:lang='en'>");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                parser.restart();
                splitter.restart();
                openStream();
            } else {
                fail("tls:" + e.cause().getClass().getSimpleName());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            metrics.bytesIn.add(buf.readableBytes());
            splitter.feed(buf, this::onPiece);
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.CLOSED) {
            State was = state;
            state = State.CLOSED;
            if (was != State.READY || !leaving) listener.failed(this, "io:closed-by-server");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("io:" + cause.getClass().getSimpleName());
    }

    /**
     * A top-level piece of the stream: our groupchat messages and the other occupants' presences are
     * counted from their bytes, the rest is parsed.
     */
    private void onPiece(byte[] b, int off, int len, boolean element) {
        if (state == State.READY && element && countedFast(b, off, len)) return;
        parser.feed(b, off, len, this::onEvent);
    }

    private static final byte[] MESSAGE_OPEN = "<message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] GROUPCHAT = {"type='groupchat'".getBytes(StandardCharsets.US_ASCII), "type=\"groupchat\"".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[] BODY = "<body".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRESENCE_OPEN = "<presence".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] ERROR_TYPE = {"type='error'".getBytes(StandardCharsets.US_ASCII), "type=\"error\"".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] STATUS_110 = {"code='110'".getBytes(StandardCharsets.US_ASCII), "code=\"110\"".getBytes(StandardCharsets.US_ASCII)};
    /** {@link #fromRoom} of the room this client is in or entering; null before. */
    private byte[][] fromRoom;

    /**
     * Our groupchat messages (a body that starts with our mark) are counted as deliveries, and the other
     * occupants' presences as presences, without parsing. Anything else (or anything unusual about it)
     * returns false and goes to the parser.
     */
    private boolean countedFast(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        if (startsWith(b, i, end, PRESENCE_OPEN)) {
            if (!isOthersPresence(b, i, end, fromRoom)) return false;
            if (smEnabled) handled++;
            metrics.presencesReceived.increment();
            return true;
        }
        if (!startsWith(b, i, end, MESSAGE_OPEN)) return false;
        int tagEnd = tagEnd(b, i, end);
        if (tagEnd < 0 || !containsAny(b, i, tagEnd, GROUPCHAT)) return false;
        int body = indexOf(b, tagEnd, end, BODY);
        if (body < 0 || body + BODY.length >= end || b[body + BODY.length] != '>') return false;
        int text = body + BODY.length + 1;
        if (!startsWith(b, text, end, MARK_BYTES)) return false;
        long sentAt = 0;
        int k = text + MARK_BYTES.length;
        int digits = 0;
        for (; k < end && b[k] >= '0' && b[k] <= '9' && digits < 19; k++, digits++) sentAt = sentAt * 10 + (b[k] - '0');
        if (digits == 0 || k >= end || b[k] != ' ') return false;
        if (smEnabled) handled++;
        metrics.delivery(System.nanoTime(), sentAt);
        return true;
    }

    /** {@code from='ROOM/} and {@code from="ROOM/}: what a presence from an occupant of {@code roomJid} starts its 'from' with. */
    static byte[][] fromRoom(String roomJid) {
        return new byte[][] {("from='" + roomJid + "/").getBytes(StandardCharsets.UTF_8), ("from=\"" + roomJid + "/").getBytes(StandardCharsets.UTF_8)};
    }

    /**
     * Whether the presence in {@code b[start, end)} is another occupant's, from the room of {@code fromRoom}:
     * not our own (status 110, XEP-0045 §7.2.3) and not an error, the only presences that change what a
     * client does. Such a presence needs no parsing.
     */
    static boolean isOthersPresence(byte[] b, int start, int end, byte[][] fromRoom) {
        int tagEnd = tagEnd(b, start, end);
        return fromRoom != null && tagEnd >= 0 && containsAny(b, start, tagEnd, fromRoom) && !containsAny(b, start, tagEnd, ERROR_TYPE)
                && !containsAny(b, tagEnd, end, STATUS_110);
    }

    /** The index of the '>' that ends the start tag beginning at {@code start} (quoted values skipped), or -1. */
    private static int tagEnd(byte[] b, int start, int end) {
        byte q = 0;
        for (int j = start; j < end; j++) {
            byte c = b[j];
            if (q != 0) {
                if (c == q) q = 0;
            } else if (c == '\'' || c == '"') {
                q = c;
            } else if (c == '>') {
                return j;
            }
        }
        return -1;
    }

    private static boolean containsAny(byte[] b, int from, int to, byte[][] any) {
        for (byte[] what : any) if (indexOf(b, from, to, what) >= 0) return true;
        return false;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[at + i] != prefix[i]) return false;
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (b[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    private void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.ElementReceived r) onElement(r.element());
        else if (event instanceof StreamEvent.Closed) fail("stream:closed");
        else if (event instanceof StreamEvent.Failed f) fail("stream:parse-" + f.error().condition());
    }

    private void onElement(Element e) {
        if (e.is("error", STREAMS)) {
            Element condition = e.elements().isEmpty() ? null : e.elements().get(0);
            fail("stream:" + (condition == null ? "undefined-condition" : condition.name()));
            return;
        }
        if (smEnabled && (e.name().equals("message") || e.name().equals("presence") || e.name().equals("iq"))) handled++;
        if (e.is("r", SM)) {
            send("<a xmlns='" + SM + "' h='" + (handled & 0xffffffffL) + "'/>");
            return;
        }
        switch (state) {
            case FEATURES -> onFeatures(e);
            case REGISTERING -> onRegistered(e);
            case AUTHENTICATING -> onSasl(e);
            case BINDING -> onBound(e);
            case SESSION -> {
                if (e.name().equals("iq")) ready();
            }
            case SM_ENABLING -> {
                if (e.is("enabled", SM)) smEnabled = true;
                else if (e.is("failed", SM)) metrics.error("sm:failed");
                else return;
                ready();
            }
            case READY -> onStanza(e);
            default -> {}
        }
    }

    private Element features;

    private void onFeatures(Element e) {
        if (e.is("proceed", TLS)) {
            state = State.TLS_HANDSHAKE;
            tlsActive = true;
            channel.pipeline().addFirst("tls", ssl.newHandler(channel.alloc(), target.host(), target.port()));
            return;
        }
        if (!e.is("features", STREAMS)) return;
        features = e;
        if (target.tls().equals("starttls") && !tlsActive) {
            if (e.child("starttls", TLS) == null) {
                fail("tls:starttls-not-offered");
                return;
            }
            send("<starttls xmlns='" + TLS + "'/>");
            return;
        }
        if (e.child("mechanisms", SASL) != null) {
            if (register) {
                state = State.REGISTERING;
                send("<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>" + escape(account.username()) + "</username><password>"
                        + escape(account.password()) + "</password></query></iq>");
            } else {
                authenticate();
            }
            return;
        }
        if (e.child("bind", "urn:ietf:params:xml:ns:xmpp-bind") != null) {
            state = State.BINDING;
            send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>lt" + index + "</resource></bind></iq>");
        }
    }

    private void onRegistered(Element e) {
        if (!e.name().equals("iq") || !"reg".equals(e.attribute("id"))) return;
        if ("result".equals(e.attribute("type"))) {
            metrics.registered.increment();
        } else {
            String condition = errorCondition(e);
            if (!condition.equals("conflict")) metrics.error("register:" + condition); // conflict: the account exists, use it
        }
        authenticate();
    }

    private com.ongres.scram.client.ScramClient scram;

    private void authenticate() {
        Element mechanisms = features.child("mechanisms", SASL);
        java.util.List<String> offered = new java.util.ArrayList<>();
        for (Element m : mechanisms.elements()) offered.add(m.text());
        String wanted;
        if (account == null) wanted = "ANONYMOUS";
        else if (!target.mechanism().equals("auto")) wanted = target.mechanism();
        else if (offered.contains("PLAIN")) wanted = "PLAIN";
        else if (offered.contains("SCRAM-SHA-256")) wanted = "SCRAM-SHA-256";
        else wanted = "SCRAM-SHA-1";
        if (!offered.contains(wanted)) {
            fail("sasl:" + wanted + "-not-offered");
            return;
        }
        state = State.AUTHENTICATING;
        String initial;
        if (account == null) {
            send("<auth xmlns='" + SASL + "' mechanism='ANONYMOUS'/>");
            return;
        } else if (wanted.equals("PLAIN")) {
            initial = "\0" + account.username() + "\0" + account.password();
        } else {
            // RFC 5802 without channel binding (the generator does not need -PLUS)
            scram = com.ongres.scram.client.ScramClient.builder().advertisedMechanisms(java.util.List.of(wanted)).username(account.username())
                    .password(account.password().toCharArray()).build();
            initial = scram.clientFirstMessage().toString();
        }
        send("<auth xmlns='" + SASL + "' mechanism='" + wanted + "'>" + base64(initial) + "</auth>");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private void onSasl(Element e) {
        if (e.is("challenge", SASL) && scram != null) {
            try {
                scram.serverFirstMessage(new String(Base64.getDecoder().decode(e.text().strip()), StandardCharsets.UTF_8));
                send("<response xmlns='" + SASL + "'>" + base64(scram.clientFinalMessage().toString()) + "</response>");
            } catch (Exception ex) {
                fail("sasl:bad-challenge");
            }
        } else if (e.is("success", SASL)) {
            if (scram != null && !e.text().isBlank()) {
                try {
                    scram.serverFinalMessage(new String(Base64.getDecoder().decode(e.text().strip()), StandardCharsets.UTF_8));
                } catch (Exception ex) {
                    fail("sasl:server-signature-invalid"); // RFC 5802 §5: the server proved nothing
                    return;
                }
            }
            parser.restart();
            splitter.restart();
            openStream();
        } else if (e.is("failure", SASL)) {
            fail("sasl:" + (e.elements().isEmpty() ? "failure" : e.elements().get(0).name()));
        }
    }

    private void onBound(Element e) {
        if (!e.name().equals("iq") || !"bind".equals(e.attribute("id"))) return;
        if (!"result".equals(e.attribute("type"))) {
            fail("bind:" + errorCondition(e));
            return;
        }
        Element session = features.child("session", "urn:ietf:params:xml:ns:xmpp-session");
        if (session != null && session.child("optional", "urn:ietf:params:xml:ns:xmpp-session") == null) {
            state = State.SESSION; // RFC 3921 session establishment, where a server still requires it
            send("<iq type='set' id='sess'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        } else if (target.streamManagement() && features.child("sm", SM) != null) {
            state = State.SM_ENABLING;
            send("<enable xmlns='" + SM + "'/>");
        } else {
            ready();
        }
    }

    private void ready() {
        if (state == State.SESSION && target.streamManagement() && features.child("sm", SM) != null) {
            state = State.SM_ENABLING;
            send("<enable xmlns='" + SM + "'/>");
            return;
        }
        state = State.READY;
        send("<presence/>"); // initial presence: some servers route directed presence only after it
        metrics.loggedIn(System.nanoTime(), connectStarted);
        listener.ready(this);
    }

    // --- the room -------------------------------------------------------------------------------------------

    /** Enters {@code roomJid} as {@code nickname}, asking for no history (XEP-0045 §7.2.14). */
    public void join(String roomJid, String nickname) {
        create(roomJid, nickname, 0);
    }

    /**
     * Enters {@code roomJid} as its first occupant: should the room be new, it is configured to hold {@code occupants}
     * (muc#roomconfig_maxusers, XEP-0045 §10.1.3, when above 0), so that a server's default limit (ejabberd's is 200)
     * does not turn away the run's own clients; else it is an instant room (§10.1.2).
     */
    public void create(String roomJid, String nickname, int occupants) {
        onLoop(() -> {
            maxUsers = occupants;
            if (!roomJid.equals(room)) fromRoom = fromRoom(roomJid);
            room = roomJid;
            nick = nickname;
            joining = true;
            settled = false;
            joinStarted = System.nanoTime();
            send("<presence to='" + room + "/" + nick + "'><x xmlns='" + MUC + "'><history maxstanzas='0'/></x></presence>");
        });
    }

    /** Sends one groupchat message of about {@code size} bytes of body, stamped with the send time. */
    public void say(String padding) {
        onLoop(() -> {
            if (!inRoom) return;
            long now = System.nanoTime();
            send("<message to='" + room + "' type='groupchat' id='m" + (nextId++) + "'><body>" + MARK + now + " " + index + " " + padding + "</body></message>");
            metrics.sent(now);
        });
    }

    /** Actions that came while the client was between states (a nickname change or a rejoin in flight). */
    private final java.util.ArrayDeque<Runnable> deferred = new java.util.ArrayDeque<>();
    private volatile boolean settled = true;

    /** Nothing in flight and nothing deferred: the client's last action is done. */
    public boolean settled() {
        return settled;
    }

    private boolean busy() {
        return joining || configuring || pendingNick != null || rejoinAfterLeaving;
    }

    /** Runs {@code action} now, or once the client is in the room with nothing in flight. */
    private void whenSettled(Runnable action) {
        if (busy() || !deferred.isEmpty()) {
            deferred.add(action);
            settled = false;
        } else {
            action.run();
            settled = !busy();
        }
    }

    private void settle() {
        while (!busy() && !deferred.isEmpty()) deferred.poll().run();
        settled = !busy() && deferred.isEmpty();
    }

    /** §7.7 and §7.6: a new availability status, and every other time a new nickname. */
    public void churn(int step) {
        onLoop(() -> whenSettled(() -> {
            if (!inRoom) return;
            metrics.presenceChanges.increment();
            if (step % 2 == 1) {
                pendingNick = "u" + index + "c" + step;
                send("<presence to='" + room + "/" + pendingNick + "'/>");
            } else {
                String show = (step / 2) % 2 == 0 ? "away" : "dnd";
                send("<presence to='" + room + "/" + nick + "'><show>" + show + "</show><status>step " + step + "</status></presence>");
            }
        }));
    }

    /** Leaves the room; with {@code rejoin}, enters it again once out (§7.14, §7.2). */
    public void leave(boolean rejoin) {
        onLoop(() -> whenSettled(() -> {
            if (!inRoom) return;
            leaving = !rejoin;
            rejoinAfterLeaving = rejoin;
            send("<presence to='" + room + "/" + nick + "' type='unavailable'/>");
        }));
    }

    private boolean rejoinAfterLeaving;

    /** Ends the stream (RFC 6120 §4.4). */
    public void close() {
        onLoop(() -> {
            if (channel == null || !channel.isActive()) return;
            leaving = true;
            send("</stream:stream>");
            channel.close();
            state = State.CLOSED;
        });
    }

    private void onStanza(Element e) {
        switch (e.name()) {
            case "message" -> onMessage(e);
            case "presence" -> onPresence(e);
            case "iq" -> onIq(e);
            default -> {}
        }
    }

    private void onMessage(Element e) {
        String type = e.attribute("type");
        if ("error".equals(type)) {
            metrics.error("message:" + errorCondition(e));
            return;
        }
        if (!"groupchat".equals(type)) return;
        Element body = e.child("body", "jabber:client");
        if (body == null) return;
        String text = body.text();
        if (!text.startsWith(MARK)) return;
        int end = text.indexOf(' ', MARK.length());
        if (end < 0) return;
        try {
            metrics.delivery(System.nanoTime(), Long.parseLong(text, MARK.length(), end, 10));
        } catch (NumberFormatException ignored) {
            // someone else's message that happens to start the same way
        }
    }

    private void onPresence(Element e) {
        String from = e.attribute("from");
        if (room == null || from == null || !from.startsWith(room + "/")) return;
        metrics.presencesReceived.increment();
        String type = e.attribute("type");
        Element x = e.child("x", MUC_USER);
        boolean self = x != null && hasStatus(x, "110");
        if ("error".equals(type)) {
            String condition = errorCondition(e);
            if (joining) {
                joining = false;
                rejoinAfterLeaving = false;
                metrics.error("join:" + condition);
                deferred.clear();
                settled = true;
                listener.failed(this, "join:" + condition);
            } else if (pendingNick != null) {
                metrics.error("nick:" + condition);
                pendingNick = null;
                settle();
            } else {
                metrics.error("presence:" + condition);
            }
            return;
        }
        if (!self) return;
        String resource = from.substring(room.length() + 1);
        if ("unavailable".equals(type)) {
            if (hasStatus(x, "303")) return; // the nickname change (§7.6): the new one follows
            inRoom = false;
            listener.left(this);
            if (rejoinAfterLeaving) {
                metrics.rejoins.increment();
                join(room, nick); // rejoinAfterLeaving stays set until the room lets it back in
            } else {
                settle();
            }
            return;
        }
        if (pendingNick != null && resource.equals(pendingNick)) {
            nick = pendingNick;
            pendingNick = null;
            settle();
            return;
        }
        if (joining) {
            if (hasStatus(x, "201")) {
                // §10.1.2: the room is new and locked; accept the default configuration, an instant room
                configuring = true;
                send("<iq type='set' id='cfg' to='" + room + "'><query xmlns='" + MUC + "#owner'>" + roomForm(maxUsers) + "</query></iq>");
                return;
            }
            joined();
        }
    }

    /**
     * The form a creator submits for a new room: empty, for an instant room with the server's defaults (§10.1.2), or
     * with only the occupant limit when {@code occupants} is above 0 (§10.1.3; a server keeps its defaults for the
     * fields not given).
     */
    static String roomForm(int occupants) {
        if (occupants <= 0) return "<x xmlns='jabber:x:data' type='submit'/>";
        return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>" + MUC + "#roomconfig</value></field>"
                + "<field var='muc#roomconfig_maxusers'><value>" + occupants + "</value></field></x>";
    }

    private void joined() {
        joining = false;
        rejoinAfterLeaving = false;
        inRoom = true;
        metrics.joined(System.nanoTime(), joinStarted);
        listener.joined(this);
        settle();
    }

    private void onIq(Element e) {
        String type = e.attribute("type");
        String id = e.attribute("id");
        if (configuring && "cfg".equals(id)) {
            configuring = false;
            if (!"result".equals(type)) metrics.error("configure:" + errorCondition(e));
            joined();
            return;
        }
        if ("get".equals(type) || "set".equals(type)) {
            String from = e.attribute("from");
            String to = from == null ? "" : " to='" + escape(from) + "'";
            boolean ping = e.child("ping", "urn:xmpp:ping") != null;
            send(ping ? "<iq type='result' id='" + escape(id) + "'" + to + "/>"
                    : "<iq type='error' id='" + escape(id) + "'" + to + "><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        }
    }

    // --- plumbing -------------------------------------------------------------------------------------------

    private static boolean hasStatus(Element x, String code) {
        for (Element s : x.children("status", MUC_USER)) if (code.equals(s.attribute("code"))) return true;
        return false;
    }

    static String errorCondition(Element stanza) {
        Element error = stanza.child("error", "jabber:client");
        if (error == null) return "undefined-condition";
        for (Element c : error.elements()) if (c.namespace().equals("urn:ietf:params:xml:ns:xmpp-stanzas") && !c.name().equals("text")) return c.name();
        return "undefined-condition";
    }

    private void fail(String why) {
        if (state == State.CLOSED) return;
        state = State.CLOSED;
        metrics.error(why);
        listener.failed(this, why);
        if (channel != null) channel.close();
    }

    private void onLoop(Runnable r) {
        if (channel == null) return;
        if (channel.eventLoop().inEventLoop()) r.run();
        else channel.eventLoop().execute(r);
    }

    private void send(String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        metrics.bytesOut.add(bytes.length);
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\'' -> b.append("&apos;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
