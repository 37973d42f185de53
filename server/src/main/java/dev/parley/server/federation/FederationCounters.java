package dev.parley.server.federation;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What this node's federation did, for monitoring (the node's management routes) and for tests. */
public final class FederationCounters {
    /** Streams from other servers authenticated, by how (XEP-0178 SASL EXTERNAL, XEP-0220 dialback). */
    public final LongAdder incomingExternal = new LongAdder();
    public final LongAdder incomingDialback = new LongAdder();
    /** Streams to other servers authenticated, by how. */
    public final LongAdder outgoingExternal = new LongAdder();
    public final LongAdder outgoingDialback = new LongAdder();
    /** Times this node's component connection was accepted by the main server (XEP-0114 handshake done). */
    public final LongAdder componentConnections = new LongAdder();
    /** Whether it is connected now (1) or not (0). */
    public final java.util.concurrent.atomic.AtomicLong componentConnected = new java.util.concurrent.atomic.AtomicLong();
    /** Streams to other servers made bidirectional (XEP-0288), and the stanzas the peers sent back on them. */
    public final LongAdder bidiStreams = new LongAdder();
    public final LongAdder bidiStanzasIn = new LongAdder();
    /** Stanzas that could not leave and bounced to their senders. */
    public final LongAdder bounced = new LongAdder();
    /** Streams to peers (servers, or the main server of this component) closed because the peer did not read. */
    public final LongAdder slowPeersClosed = new LongAdder();

    public Map<String, Long> snapshot() {
        return Map.of("s2sIncomingExternal", incomingExternal.sum(), "s2sIncomingDialback", incomingDialback.sum(),
                "s2sOutgoingExternal", outgoingExternal.sum(), "s2sOutgoingDialback", outgoingDialback.sum(), "s2sBounced", bounced.sum(), "s2sSlowPeersClosed", slowPeersClosed.sum(), "s2sBidiStreams", bidiStreams.sum(), "s2sBidiStanzasIn", bidiStanzasIn.sum(),
                "componentConnections", componentConnections.sum(), "componentConnected", componentConnected.get());
    }
}
