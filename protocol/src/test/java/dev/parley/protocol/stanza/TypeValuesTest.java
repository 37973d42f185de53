package dev.parley.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.xdata.DataForm;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The types of stanzas, roles, affiliations and forms are read and written for every stanza a room handles: their
 * values are made once (docs/footprint.md, eighth pass: Message.Type.fromValue lowered five names a call), and each
 * reads back as itself.
 */
class TypeValuesTest {
    @Test
    void eachValueIsMadeOnceAndReadsBackAsItself() {
        madeOnceAndReadBack(Message.Type.values(), Message.Type::value, Message.Type::fromValue);
        madeOnceAndReadBack(Iq.Type.values(), Iq.Type::value, Iq.Type::fromValue);
        madeOnceAndReadBack(Presence.Type.values(), Presence.Type::value, Presence.Type::fromValue);
        madeOnceAndReadBack(Presence.Show.values(), Presence.Show::value, Presence.Show::fromValue);
        madeOnceAndReadBack(Role.values(), Role::value, Role::fromValue);
        madeOnceAndReadBack(Affiliation.values(), Affiliation::value, Affiliation::fromValue);
        madeOnceAndReadBack(DataForm.Type.values(), DataForm.Type::value, DataForm.Type::fromValue);
        assertThat(Message.Type.fromValue("GROUPCHAT")).isEqualTo(Message.Type.NORMAL); // RFC 6121 §5.2.2: unknown is normal
        assertThat(Message.Type.fromValue(null)).isEqualTo(Message.Type.NORMAL);
        assertThat(Presence.Type.fromValue(null)).isEqualTo(Presence.Type.AVAILABLE); // RFC 6121 §4.7.1: no type is available
        assertThat(Presence.Show.fromValue(null)).isEqualTo(Presence.Show.ONLINE);
    }

    /** Each constant's value is one instance, its name in lower case (null for a default that has no value), and reads back. */
    private static <T extends Enum<T>> void madeOnceAndReadBack(T[] constants, Function<T, String> value, Function<String, T> fromValue) {
        for (T t : constants) {
            String v = value.apply(t);
            assertThat(value.apply(t)).isSameAs(v);
            if (v == null) continue; // Presence's AVAILABLE and ONLINE: the absence of the attribute or element
            assertThat(v).isEqualTo(t.name().toLowerCase(Locale.ROOT));
            assertThat(fromValue.apply(v)).isEqualTo(t);
        }
    }
}
