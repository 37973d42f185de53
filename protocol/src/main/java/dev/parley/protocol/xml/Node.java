package dev.parley.protocol.xml;

/** A child of an element: another element or a run of character data. */
public sealed interface Node permits Element, Text {}
