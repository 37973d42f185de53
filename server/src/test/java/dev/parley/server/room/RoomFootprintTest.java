package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every loaded room holds, guarded by cause, not by a number (docs/footprint.md). */
class RoomFootprintTest {
    private static List<Field> fields(Class<?> c) {
        return Arrays.stream(c.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    @Test
    void aRoomKeepsNoCopyOfTheServicesSettings() {
        // the service's admins, rates and defaults are one RoomSettings for the node, not fields copied into each room
        assertThat(fields(Room.class)).filteredOn(f -> Collection.class.isAssignableFrom(f.getType()) || Map.class.isAssignableFrom(f.getType()))
                .as("no per-room collection read from the configuration").isEmpty();
        assertThat(fields(Room.class)).filteredOn(f -> Modifier.isFinal(f.getModifiers())).filteredOn(f -> f.getType() == int.class || f.getType() == boolean.class || f.getType() == java.time.Duration.class)
                .extracting(Field::getName).as("no per-room copy of a service setting").isEmpty();
        assertThat(fields(Room.class)).filteredOn(f -> f.getType() == RoomSettings.class).hasSize(1);
        // no TimerScheduler (its interceptor sits in every room's every message) and no timer of its own while idle:
        // the node's IdleRooms lists the rooms nobody is in
        assertThat(fields(Room.class)).extracting(f -> f.getType().getName()).noneMatch(n -> n.contains("TimerScheduler"));
        assertThat(fields(Passivation.class)).extracting(f -> f.getType().getName()).noneMatch(n -> n.contains("TimerScheduler"));
        RoomSettings s = RoomSettings.from(ConfigFactory.load());
        assertThat(s.admins()).isEmpty();
        assertThat(s.passivateAfter()).isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void aConfigurationHoldsTheCommonValuesSharedNotCopied() {
        // as a submitted form or the journal gives them: new strings and lists, equal to the defaults
        RoomConfig d = RoomConfig.DEFAULT;
        RoomConfig read = new RoomConfig(new String(""), "", "", true, true, false, false, false, "", 0, new String("moderators"), false, false, false,
                new String("anyone"), new java.util.ArrayList<>(List.of(new String("moderator"), new String("participant"), new String("visitor"))),
                List.of("moderator"), 20, true, new String("default"), 0, true);
        assertThat(read.whois()).isSameAs(d.whois());
        assertThat(read.allowPm()).isSameAs(d.allowPm());
        assertThat(read.groupchat10()).isSameAs(d.groupchat10());
        assertThat((Object) read.presenceBroadcast()).isSameAs(d.presenceBroadcast());
        assertThat(read.getMemberList()).containsExactly("moderator");
        assertThat(read.getMemberList().get(0)).isSameAs(d.presenceBroadcast().get(0));
        assertThat(read).isEqualTo(new RoomConfig.Copy(d).persistent(true).getMemberList(List.of("moderator")).build());
    }
}
