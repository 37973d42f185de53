package dev.parley.protocol.disco;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xdata.DataForm;
import dev.parley.protocol.xdata.FormField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0115 §5: the verification strings of the XEP's own examples. */
class EntityCapsTest {
    static final List<String> FEATURES = List.of("http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/caps",
            "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#info");

    @Test
    void theSimpleGenerationExample_5_2() {
        DiscoInfo info = new DiscoInfo(null, List.of(DiscoInfo.Identity.of("client", "pc", "Exodus 0.9.1")), FEATURES, List.of());
        assertThat(EntityCaps.ver(info)).isEqualTo("QgayPKawpkPSDYmwT/WM94uAlu0=");
    }

    @Test
    void theComplexGenerationExample_5_3() {
        DataForm software = DataForm.withFormType(DataForm.Type.RESULT, "urn:xmpp:dataforms:softwareinfo", List.of(
                FormField.of("software_version", null, "0.11"), FormField.of("ip_version", FormField.Type.TEXT_MULTI, "ipv6", "ipv4"),
                FormField.of("os", null, "Mac"), FormField.of("os_version", null, "10.5.1"), FormField.of("software", null, "Psi")));
        DiscoInfo info = new DiscoInfo(null, List.of(new DiscoInfo.Identity("client", "pc", "Psi 0.11", "en"),
                new DiscoInfo.Identity("client", "pc", "Ψ 0.11", "el")), FEATURES, List.of(software));
        assertThat(EntityCaps.ver(info)).isEqualTo("q07IKJEyjvHSyhy//CH0CxmKi8w=");
    }
}
