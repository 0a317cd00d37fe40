package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes: /bin/sh and GNU stat. */
class CommandRunnerTest {

    @Test
    void capturesOutputErrorAndExitCode() throws Exception {
        CommandRunner.Result r = CommandRunner.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(10));
        assertThat(r).isEqualTo(new CommandRunner.Result(3, "out\n", "err\n"));
    }

    @Test
    void hungCommandIsKilledAtTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> CommandRunner.run(List.of("/bin/sh", "-c", "sleep 30"), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void missingProgramIsASentence() {
        assertThatThrownBy(() -> CommandRunner.run(List.of("/no/such/smartctl"), Duration.ofSeconds(1)))
                .hasMessage("/no/such/smartctl is not an executable file");
    }

    @Test
    void realStatOfARealFilesystemParses(@TempDir Path dir) throws Exception {
        CommandRunner.Result r = CommandRunner.run(List.of("/usr/bin/stat", "-f", "-c", StatFsParser.FORMAT,
                dir.toString()), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
        FsUsage u = StatFsParser.parse(r.stdout());
        assertThat(u.totalBlocks()).isPositive();
        assertThat(u.freePercent()).isBetween(0.0, 100.0);
        // the same numbers Java sees, within what may change between the two reads
        long javaTotal = Files.getFileStore(dir).getTotalSpace();
        assertThat(u.totalBytes()).isCloseTo(javaTotal, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void oversizedFileIsRefused(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big");
        Files.write(big, new byte[CommandRunner.MAX_OUTPUT_BYTES + 1]);
        assertThatThrownBy(() -> CommandRunner.readFile(big)).hasMessageContaining("larger than");
    }
}
