package dev.parley.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.federation.PeerAddresses.Candidate;
import dev.parley.server.federation.PeerAddresses.Srv;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.naming.NamingException;
import org.junit.jupiter.api.Test;

/** RFC 6120 §3.2 with XEP-0368 and RFC 2782: where a remote domain is reached, with DNS given as a table. */
class PeerAddressesTest {
    static PeerAddresses.SrvLookup table(Map<String, List<Srv>> records) {
        return name -> records.getOrDefault(name, List.of());
    }

    @Test
    void aConfiguredRouteComesFirst_3_2_3() {
        var routes = PeerAddresses.routes(Map.of("prosody.test", "127.0.0.1:15269", "v6.test", "[::1]:5270"));
        PeerAddresses p = new PeerAddresses(routes, name -> {
            throw new AssertionError("no DNS for a routed domain: " + name);
        }, new Random(1));
        assertThat(p.candidates("Prosody.Test")).containsExactly(new Candidate("127.0.0.1", 15269, false));
        assertThat(p.candidates("v6.test")).containsExactly(new Candidate("::1", 5270, false));
        assertThatThrownBy(() -> PeerAddresses.routes(Map.of("x.test", "nohost"))).hasMessageContaining("x.test");
        assertThatThrownBy(() -> PeerAddresses.routes(Map.of("x.test", "h:99999"))).hasMessageContaining("out of range");
    }

    @Test
    void srvRecordsOfBothKindsMixedByPriority_3_2_1_and_XEP0368() {
        PeerAddresses p = new PeerAddresses(Map.of(), table(Map.of(
                "_xmpps-server._tcp.example.net.", List.of(new Srv(10, 0, 5270, "tls.example.net.")),
                "_xmpp-server._tcp.example.net.", List.of(new Srv(5, 0, 5269, "xmpp1.example.net."), new Srv(20, 0, 5269, "backup.example.net.")))),
                new Random(1));
        assertThat(p.candidates("example.net")).containsExactly(new Candidate("xmpp1.example.net", 5269, false),
                new Candidate("tls.example.net", 5270, true), new Candidate("backup.example.net", 5269, false));
    }

    @Test
    void noRecordsFallBackToTheDomainAndARootTargetMeansNoService_3_2_1_and_3_2_2() throws Exception {
        PeerAddresses none = new PeerAddresses(Map.of(), table(Map.of()), new Random(1));
        assertThat(none.candidates("example.org")).containsExactly(new Candidate("example.org", 5269, false));
        PeerAddresses unanswered = new PeerAddresses(Map.of(), name -> {
            throw new NamingException("timeout");
        }, new Random(1));
        assertThat(unanswered.candidates("example.org")).as("§3.2.1 step 9").containsExactly(new Candidate("example.org", 5269, false));
        PeerAddresses refused = new PeerAddresses(Map.of(), table(Map.of("_xmpp-server._tcp.example.com.", List.of(new Srv(0, 0, 0, ".")))), new Random(1));
        assertThat(refused.candidates("example.com")).as("\"decidedly not available\"").isEmpty();
    }

    @Test
    void withinAPriorityWeightsDecideHowOftenARecordComesFirst_RFC2782() {
        List<Srv> records = List.of(new Srv(1, 30, 5269, "a."), new Srv(1, 70, 5269, "b."), new Srv(2, 0, 5269, "c."));
        PeerAddresses p = new PeerAddresses(Map.of(), table(Map.of()), new Random(42));
        int aFirst = 0, runs = 10_000;
        for (int i = 0; i < runs; i++) {
            List<Integer> order = p.order(records);
            assertThat(order.get(2)).as("the lower priority comes last").isEqualTo(2);
            if (order.get(0) == 0) aFirst++;
        }
        // RFC 2782: a drawn number in [0, 100]; "a" first when it is at most 30, 31 times in 101
        assertThat(aFirst / (double) runs).isBetween(0.28, 0.34);
    }
}
