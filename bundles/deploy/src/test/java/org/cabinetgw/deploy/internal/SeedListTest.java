package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedListTest {

    private static final String HASH = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private Path list(String content) throws IOException {
        return Files.writeString(dir.resolve("seeds.list"), content);
    }

    @Test
    void readsSeedsInOrderBesideTheList() throws IOException {
        var seeds = SeedList.read(list("# shipped\n" + HASH + " org.cabinetgw.feature.storage.dp\n\n"
                + HASH.replace('0', 'f') + " org.cabinetgw.feature.uplink.dp\n"));
        assertThat(seeds).extracting(SeedList.Seed::file).containsExactly(
                dir.resolve("org.cabinetgw.feature.storage.dp"), dir.resolve("org.cabinetgw.feature.uplink.dp"));
        assertThat(seeds.get(1).sha256()).isEqualTo(HASH.replace('0', 'f'));
    }

    @Test
    void anEmptyListHasNoSeeds() throws IOException {
        assertThat(SeedList.read(list(""))).isEmpty();
    }

    @Test
    void refusesPathsOutsideItsDirectory() throws IOException {
        assertThatThrownBy(() -> SeedList.read(list(HASH + " ../etc/evil.dp\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SeedList.read(list(HASH + " /tmp/evil.dp\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SeedList.read(list(HASH + " ..dp\n"))).hasMessageContaining("line 1");
    }

    @Test
    void refusesMalformedLinesNamingThem() throws IOException {
        assertThatThrownBy(() -> SeedList.read(list(HASH + " a.dp\nnohash b.dp\n"))).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SeedList.read(list(HASH.toUpperCase() + " a.dp\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SeedList.read(list(HASH + " a.jar\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SeedList.read(list(HASH.substring(1) + " a.dp\n"))).hasMessageContaining("line 1");
    }

    @Test
    void refusesAHugeFile() throws IOException {
        assertThatThrownBy(() -> SeedList.read(list((HASH + " a.dp\n").repeat(2000)))).hasMessageContaining("64 KiB");
    }
}
