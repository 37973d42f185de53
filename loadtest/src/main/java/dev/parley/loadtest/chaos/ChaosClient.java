package dev.parley.loadtest.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * One client of a chaos run: an account in one room, saying "c&lt;index&gt; &lt;seq&gt;" at a steady pace. When its
 * node goes away it connects to the next node and enters again (without history): each connection is an
 * "epoch", and what it hears live in an epoch is kept to find gaps and repeats.
 */
final class ChaosClient {
    final int index;
    final String user;
    final String room;
    final String nick;
    private final Nodes nodes;
    int node;

    volatile XMPPTCPConnection connection;
    volatile MultiUserChat muc;
    /** What it heard live, per connection: "c<sender> <seq>". */
    final List<List<String>> epochs = new CopyOnWriteArrayList<>();
    /** When each of its own messages was sent (nanoTime). */
    final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    final Set<Integer> reflected = ConcurrentHashMap.newKeySet();
    /** When each of its own messages came back reflected (nanoTime). */
    final Map<Integer, Long> reflectedAt = new ConcurrentHashMap<>();
    final Set<Integer> bounced = ConcurrentHashMap.newKeySet();
    /** Sent in the last 2 s of a connection that then closed: without XEP-0198 the client cannot know whether the server read it. */
    final Set<Integer> maybeUnread = ConcurrentHashMap.newKeySet();
    int seq;
    private int attempts;
    /** Its own unavailable presence from the room while connected and not leaving: the room lost it as an occupant. */
    final java.util.concurrent.atomic.AtomicInteger toldItLeft = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean leaving;
    /** When the current connection was found closed (nanoTime), or 0. */
    private volatile long closedAt;
    /** Connections closed under the client, as (nanoTime closed) — for the report. */
    final List<Long> closes = new CopyOnWriteArrayList<>();

    ChaosClient(int index, String room, Nodes nodes, int node) {
        this.index = index;
        this.user = "chaos" + index;
        this.nick = "c" + index;
        this.room = room;
        this.nodes = nodes;
        this.node = node;
    }

    /** Why clients failed to enter (connect, log in, join) again after losing their node, with how often: for the report. */
    static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> FAILED_ENTRIES = new java.util.concurrent.ConcurrentSkipListMap<>();

    static String reason(Exception e) {
        if (e instanceof org.jivesoftware.smack.XMPPException.XMPPErrorException x) {
            return "error " + x.getStanzaError().getCondition() + (x.getStanzaError().getDescriptiveText() != null ? " (" + x.getStanzaError().getDescriptiveText() + ")" : "");
        }
        if (e instanceof org.jivesoftware.smack.SmackException.EndpointConnectionException) return "connection refused";
        return e.getClass().getSimpleName();
    }

    boolean inRoom() {
        XMPPTCPConnection c = connection;
        MultiUserChat m = muc;
        return c != null && c.isConnected() && c.isAuthenticated() && m != null && m.isJoined();
    }

    /** Connects to its node (or the next ones) and enters the room; a new epoch. */
    void enter() throws InterruptedException {
        if (connection != null) {
            long closed = closedAt != 0 ? closedAt : System.nanoTime();
            closes.add(closed);
            sentAt.forEach((i, t) -> {
                if (t <= closed && closed - t < TimeUnit.SECONDS.toNanos(2) && !reflected.contains(i)) maybeUnread.add(i);
            });
            leaving = true;
            connection.disconnect();
        }
        closedAt = 0;
        connection = null;
        muc = null;
        for (int attempt = 0; attempt < 3 * nodes.count(); attempt++) {
            XMPPTCPConnection c = null;
            try {
                c = nodes.login(node, user, "r" + (++attempts));
                c.addConnectionListener(new org.jivesoftware.smack.ConnectionListener() {
                    @Override
                    public void connectionClosedOnError(Exception e) {
                        closedAt = System.nanoTime();
                    }

                    @Override
                    public void connectionClosed() {
                        if (closedAt == 0) closedAt = System.nanoTime();
                    }
                });
                List<String> epoch = new CopyOnWriteArrayList<>();
                c.addSyncStanzaListener(x -> heard((Message) x, epoch),
                        x -> x instanceof Message && x.getFrom() != null && x.getFrom().asBareJid().toString().equals(room));
                XMPPTCPConnection self = c;
                c.addSyncStanzaListener(x -> {
                    if (self.isConnected() && !leaving) toldItLeft.incrementAndGet();
                }, x -> x instanceof org.jivesoftware.smack.packet.Presence p && p.getType() == org.jivesoftware.smack.packet.Presence.Type.unavailable
                        && p.getFrom() != null && p.getFrom().toString().equals(room + "/" + nick));
                MultiUserChat m = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(JidCreate.entityBareFrom(room));
                m.join(m.getEnterConfigurationBuilder(Resourcepart.from(nick)).requestNoHistory().build());
                epochs.add(epoch);
                leaving = false;
                connection = c;
                muc = m;
                return;
            } catch (Exception unreachable) {
                FAILED_ENTRIES.computeIfAbsent(reason(unreachable), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                if (c != null) c.disconnect();
                node = node % nodes.count() + 1;
                Thread.sleep(300);
            }
        }
    }

    private void heard(Message m, List<String> epoch) {
        String body = m.getBody();
        if (body == null || !body.startsWith("c")) return;
        int space = body.indexOf(' ');
        if (space < 0) return;
        if (m.getType() == Message.Type.error) {
            if (body.startsWith(nick + " ")) bounced.add(Integer.parseInt(body.substring(space + 1)));
            return;
        }
        if (m.getExtension(DelayInformation.class) != null) return; // history: not live
        epoch.add(body);
        if (body.startsWith(nick + " ")) {
            int n = Integer.parseInt(body.substring(space + 1));
            reflected.add(n);
            reflectedAt.putIfAbsent(n, System.nanoTime());
        }
    }

    /** Says its next message, if it is in the room. */
    void speak() {
        MultiUserChat m = muc;
        if (m == null) return;
        int n = seq;
        try {
            sentAt.put(n, System.nanoTime());
            m.sendMessage(nick + " " + n);
            seq++;
        } catch (Exception closing) {
            sentAt.remove(n);
        }
    }

    void close() {
        leaving = true;
        XMPPTCPConnection c = connection;
        if (c != null) c.disconnect();
    }
}
