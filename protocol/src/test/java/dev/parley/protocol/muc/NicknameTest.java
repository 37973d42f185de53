package dev.parley.protocol.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.jid.JidFormatException;
import org.junit.jupiter.api.Test;

class NicknameTest {
    @Test
    void nicknameProfileMapsSpacesAndKeepsCase_RFC8266() {
        Nickname n = Nickname.of("  Third   Witch ");
        assertThat(n.value()).isEqualTo("Third Witch");
        assertThat(n.comparable()).isEqualTo("third witch");
        assertThat(Nickname.of("\uFF26\uFF2F\uFF2F").value()).isEqualTo("FOO"); // fullwidth folded
    }

    @Test
    void conflictsAreCaseInsensitive_7_2_8() {
        assertThat(Nickname.of("ThirdWitch")).isEqualTo(Nickname.of("thirdwitch"));
        assertThat(Nickname.of("ThirdWitch")).isNotEqualTo(Nickname.of("SecondWitch"));
    }

    @Test
    void emptyOrInvisibleNicknamesAreRefused_17_1() {
        assertThatThrownBy(() -> Nickname.of("")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Nickname.of("   ")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Nickname.of("\u3000")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Nickname.of("bell\u0007")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void aNicknameIsAValidResourcepart() {
        assertThat(Nickname.of("king \u265A").asResourcepart().value()).isEqualTo("king \u265A");
        assertThatThrownBy(() -> Nickname.of("n".repeat(1024))).isInstanceOf(JidFormatException.class);
    }
}
