package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XEP-0421 occupant ids: stable per room and real bare JID, and what a room keeps for them stays small. */
class OccupantIdsTest {
    @Test
    void anIdIsStableInARoomAndDiffersBetweenRooms_4_1() {
        String secret = OccupantIds.newSecret();
        OccupantIds ids = new OccupantIds(secret);
        String a = ids.of("hag66@shakespeare.lit");
        assertThat(a).isEqualTo(new OccupantIds(secret).of("hag66@shakespeare.lit")).matches("[A-Za-z0-9_-]{43}");
        assertThat(ids.of("wiccarocks@shakespeare.lit")).isNotEqualTo(a);
        assertThat(new OccupantIds(OccupantIds.newSecret()).of("hag66@shakespeare.lit")).isNotEqualTo(a);
    }

    @Test
    void aRoomKeepsNoMacAndABoundedCacheOfIds() throws Exception {
        // docs/footprint.md: a Mac (its digest state and pads) is about 700 bytes; an idle room needs none
        assertThat(Arrays.stream(OccupantIds.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())))
                .extracting(Field::getType).doesNotContain(javax.crypto.Mac.class);
        OccupantIds ids = new OccupantIds(OccupantIds.newSecret());
        String first = ids.of("visitor0@localhost");
        for (int i = 1; i < 3 * OccupantIds.CACHED; i++) ids.of("visitor" + i + "@localhost");
        Field f = OccupantIds.class.getDeclaredField("byBareJid");
        f.setAccessible(true);
        assertThat((Map<?, ?>) f.get(ids)).as("a busy room's passers-by do not pile up").hasSize(OccupantIds.CACHED);
        assertThat(ids.of("visitor0@localhost")).as("computed again, the same").isEqualTo(first);
    }
}
