package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaRuntimeTest {
    @Test
    void aCacheIsMappedWhenTheMapsListTheFileItself() {
        String maps = """
                7f3c00000000-7f3c00400000 r--p 00001000 08:01 1234                       /srv/parley/server/target/parley-server.aot
                7f3c10000000-7f3c10021000 rw-p 00000000 00:00 0
                7f3c20000000-7f3c20001000 r--p 00000000 08:01 99                         /usr/lib/jvm/temurin-25/lib/server/classes.jsa
                """;
        assertThat(JavaRuntime.mapsFile(maps, "/srv/parley/server/target/parley-server.aot")).isTrue();
        assertThat(JavaRuntime.mapsFile(maps, "/srv/parley/server/target/parley-server.aot.stamp")).isFalse();
        assertThat(JavaRuntime.mapsFile(maps, "/other/parley-server.aot")).isFalse();
    }

    @Test
    void theLineNamesTheJavaAndTheCollectorAndNoCacheThatWasNotGiven() {
        String line = JavaRuntime.describe();
        assertThat(line).startsWith("Java " + Runtime.version().feature() + ".");
        assertThat(line).containsAnyOf("G1", "Serial", "Parallel", "ZGC", "Shenandoah");
        if (JavaRuntime.vmOption("AOTCache").orElse("").isEmpty()) assertThat(line).doesNotContain("AOT cache");
        // the option exists from Java 24 on; on an older Java the line cannot claim compact headers
        if (JavaRuntime.vmOption("UseCompactObjectHeaders").isEmpty()) assertThat(line).doesNotContain("compact object headers");
    }
}
