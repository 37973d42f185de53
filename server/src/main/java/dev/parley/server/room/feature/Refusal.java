package dev.parley.server.room.feature;

import dev.parley.protocol.stanza.StanzaError;

/** A refused entry: the condition XEP-0045 names, and a human-readable text. */
public record Refusal(StanzaError.Condition condition, String text) {}
