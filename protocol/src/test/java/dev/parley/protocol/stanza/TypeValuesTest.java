package dev.parley.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.Affiliation;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.xdata.DataForm;
import org.junit.jupiter.api.Test;

/**
 * The types of stanzas, roles, affiliations and forms are read and written for every stanza a room handles: their
 * values are made once (docs/footprint.md, eighth pass: Message.Type.fromValue lowered five names a call), and each
 * reads back as itself.
 */
class TypeValuesTest {
    @Test
    void eachValueIsMadeOnceAndReadsBackAsItself() {
        for (Message.Type t : Message.Type.values()) {
            assertThat(t.value()).isSameAs(t.value());
            assertThat(Message.Type.fromValue(t.value())).isEqualTo(t);
        }
        for (Iq.Type t : Iq.Type.values()) {
            assertThat(t.value()).isSameAs(t.value());
            assertThat(Iq.Type.fromValue(t.value())).isEqualTo(t);
        }
        for (Presence.Type t : Presence.Type.values()) {
            assertThat(t.value()).isSameAs(t.value());
            assertThat(Presence.Type.fromValue(t.value())).isEqualTo(t);
        }
        for (Presence.Show s : Presence.Show.values()) {
            assertThat(s.value()).isSameAs(s.value());
            assertThat(Presence.Show.fromValue(s.value())).isEqualTo(s);
        }
        for (Role r : Role.values()) {
            assertThat(r.value()).isSameAs(r.value()).isEqualTo(r.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(Role.fromValue(r.value())).isEqualTo(r);
        }
        for (Affiliation a : Affiliation.values()) {
            assertThat(a.value()).isSameAs(a.value());
            assertThat(Affiliation.fromValue(a.value())).isEqualTo(a);
        }
        for (DataForm.Type t : DataForm.Type.values()) {
            assertThat(t.value()).isSameAs(t.value());
            assertThat(DataForm.Type.fromValue(t.value())).isEqualTo(t);
        }
        assertThat(Message.Type.fromValue("GROUPCHAT")).isEqualTo(Message.Type.NORMAL); // RFC 6121 §5.2.2: unknown is normal
        assertThat(Message.Type.fromValue(null)).isEqualTo(Message.Type.NORMAL);
    }
}
