package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher hands the jar's seed packages to the deploy agent; a directory stands in for the jar. */
class SeedPackagesTest {

    @TempDir
    Path jar;
    @TempDir
    Path data;

    private ClassLoader jarWith(String list, String... files) throws IOException {
        Path seeds = Files.createDirectories(jar.resolve("seeds"));
        Files.writeString(seeds.resolve("seeds.list"), list);
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(seeds.resolve(files[i]), files[i + 1]);
        }
        return new URLClassLoader(new URL[] { jar.toUri().toURL() }, null);
    }

    @Test
    void writesThePackagesAndTheirHashesInTheJarsOrder() throws Exception {
        Path list = SeedPackages.install(data, jarWith("b.dp\na.dp\n", "a.dp", "A", "b.dp", "B"));
        assertThat(list).isEqualTo(data.resolve("seeds.list"));
        assertThat(Files.readAllLines(list)).containsExactly(sha256("B") + " b.dp", sha256("A") + " a.dp");
        assertThat(Files.readString(data.resolve("a.dp"))).isEqualTo("A");
    }

    @Test
    void aJarWithoutSeedsHandsNothingOver() throws Exception {
        assertThat(SeedPackages.install(data, new URLClassLoader(new URL[] { jar.toUri().toURL() }, null))).isNull();
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void leavesUnchangedPackagesAloneReplacesChangedOnesAndRemovesOnesNoLongerShipped() throws Exception {
        SeedPackages.install(data, jarWith("a.dp\nold.dp\n", "a.dp", "A", "old.dp", "O"));
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(data.resolve("a.dp"), written);
        Files.writeString(data.resolve("stray.dp"), "tampered or left by an older jar");

        SeedPackages.install(data, jarWith("a.dp\nnew.dp\n", "a.dp", "A", "new.dp", "N"));
        assertThat(Files.getLastModifiedTime(data.resolve("a.dp"))).as("same bytes: not written again").isEqualTo(written);
        assertThat(data.resolve("old.dp")).doesNotExist();
        assertThat(data.resolve("stray.dp")).doesNotExist();
        assertThat(Files.readString(data.resolve("new.dp"))).isEqualTo("N");

        Files.writeString(data.resolve("a.dp"), "changed on disk");
        SeedPackages.install(data, jarWith("a.dp\n", "a.dp", "A"));
        assertThat(Files.readString(data.resolve("a.dp"))).as("the jar's bytes win").isEqualTo("A");
    }

    /** From a real jar a restart trusts the entry's CRC-32 and the file's size and time: nothing read or hashed. */
    @Test
    void aRestartFromAJarChecksStampsAndStillReplacesAFileChangedOnDisk() throws Exception {
        Path jarFile = jar.resolve("runtime.jar");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jarFile))) {
            for (String[] e : new String[][] { { "seeds/seeds.list", "a.dp\n" }, { "seeds/a.dp", "A" } }) {
                out.putNextEntry(new java.util.zip.ZipEntry(e[0]));
                out.write(e[1].getBytes());
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jarFile.toUri().toURL() }, null)) {
            Path list = SeedPackages.install(data, loader);
            assertThat(Files.readAllLines(list)).containsExactly(sha256("A") + " a.dp");
            assertThat(Files.readString(data.resolve(SeedPackages.STAMPS))).contains("a.dp=").contains(sha256("A"));

            // a stamp whose hash is not the file's: believed as long as entry and file are as recorded
            String stamps = Files.readString(data.resolve(SeedPackages.STAMPS));
            Files.writeString(data.resolve(SeedPackages.STAMPS), stamps.replace(sha256("A"), "f".repeat(64)));
            assertThat(Files.readAllLines(SeedPackages.install(data, loader))).as("not hashed again")
                    .containsExactly("f".repeat(64) + " a.dp");

            Files.writeString(data.resolve("a.dp"), "changed on disk");
            assertThat(Files.readAllLines(SeedPackages.install(data, loader))).as("a changed file is checked")
                    .containsExactly(sha256("A") + " a.dp");
            assertThat(Files.readString(data.resolve("a.dp"))).isEqualTo("A");
        }
    }

    @Test
    void refusesAListNamingAMissingPackageOrAPath() throws Exception {
        assertThatThrownBy(() -> SeedPackages.install(data, jarWith("missing.dp\n"))).hasMessageContaining("missing.dp");
        assertThatThrownBy(() -> SeedPackages.install(data, jarWith("../evil.dp\n"))).hasMessageContaining("../evil.dp");
        assertThatThrownBy(() -> SeedPackages.install(data, jarWith("a.jar\n", "a.jar", "A"))).hasMessageContaining("a.jar");
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }
}
