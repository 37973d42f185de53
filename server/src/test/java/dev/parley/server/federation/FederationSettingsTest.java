package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FederationSettingsTest {
    @Test
    void routesAreAnObjectInAFileOrAStringWhereOnlyAStringCanBeGiven() {
        var file = ConfigFactory.parseString("parley.s2s.routes { \"Example.ORG\" = \"10.0.0.5:5269\", \"conference.example.org\" = \"10.0.0.5:5270\" }")
                .withFallback(Node.defaults()).resolve();
        assertThat(FederationSettings.from(file).routes()).isEqualTo(Map.of("example.org", "10.0.0.5:5269", "conference.example.org", "10.0.0.5:5270"));

        // as -Dparley.s2s.routes=... gives it (a system property's key is split on its dots)
        var props = new java.util.Properties();
        props.setProperty("parley.s2s.routes", "example.org=10.0.0.5:5269, other.org=[::1]:5269");
        var option = ConfigFactory.parseProperties(props).withFallback(Node.defaults()).resolve();
        assertThat(FederationSettings.from(option).routes()).isEqualTo(Map.of("example.org", "10.0.0.5:5269", "other.org", "[::1]:5269"));

        props.setProperty("parley.s2s.routes", "example.org");
        assertThatThrownBy(() -> FederationSettings.from(ConfigFactory.parseProperties(props).withFallback(Node.defaults()).resolve()))
                .hasMessageContaining("domain=host:port");
    }

    @Test
    void aComponentNeedsItsSecretAndDomain() {
        var c = ConfigFactory.parseString("parley.component.host = \"127.0.0.1\"").withFallback(Node.defaults()).resolve();
        assertThatThrownBy(() -> FederationSettings.from(c)).hasMessageContaining("parley.component.secret");
    }
}
