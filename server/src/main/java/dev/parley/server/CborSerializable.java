package dev.parley.server;

/**
 * Marks what crosses the cluster or goes into the journal: messages between nodes, room events and
 * snapshots. Bound to Jackson CBOR in {@code reference.conf}; elements travel as their XML.
 */
public interface CborSerializable {}
