package dev.parley.server.wire;

/**
 * Marks what crosses the cluster or goes into the journal: messages between nodes, room events and
 * snapshots. Bound to Jackson CBOR in {@code parley-runtime.conf}; elements travel as their XML. Messages that never
 * leave their node (they carry a socket, a local reference) say so with {@code NoSerializationVerificationNeeded}.
 */
public interface CborSerializable {}
