package dev.parley.protocol.xml;

import java.util.Objects;

/** Character data inside an element, already unescaped. */
public record Text(String value) implements Node {
    public Text {
        Objects.requireNonNull(value, "value");
    }
}
