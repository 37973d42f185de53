package dev.parley.server.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/** Which side of a partition stops serving at once: the one keep-majority would down. */
class MajorityTest {
    static Address node(int port) {
        return new Address("pekko", "parley", "127.0.0.1", port);
    }

    final Address a = node(2551), b = node(2552), c = node(2553), d = node(2554);

    @Test
    void everyoneReachableServes() {
        assertThat(Majority.losing(List.of(a, b, c), Set.of())).isFalse();
        assertThat(Majority.losing(List.of(a), Set.of())).isFalse();
    }

    @Test
    void theSurvivorsOfADeadNodeServe() {
        assertThat(Majority.losing(List.of(a, b, c), Set.of(c))).isFalse();
    }

    @Test
    void aNodeCutOffFromTheOthersStopsServing() {
        assertThat(Majority.losing(List.of(a, b, c), Set.of(a, b))).as("c, alone").isTrue();
        assertThat(Majority.losing(List.of(a, b, c, d), Set.of(a, b, c))).isTrue();
    }

    @Test
    void onATieTheSideOfTheLowestAddressServes() {
        assertThat(Majority.losing(List.of(a, b, c, d), Set.of(c, d))).as("a and b").isFalse();
        assertThat(Majority.losing(List.of(a, b, c, d), Set.of(a, b))).as("c and d").isTrue();
        assertThat(Majority.losing(List.of(a, b), Set.of(b))).as("a, of two").isFalse();
        assertThat(Majority.losing(List.of(a, b), Set.of(a))).as("b, of two").isTrue();
    }
}
