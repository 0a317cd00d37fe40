package org.cabinetgw.support.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExternalCommandTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    void exitCodeAndBothStreamsApart() throws Exception {
        ExternalCommand.Result r = ExternalCommand.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
                GENEROUS, 1024, false);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void mergedErrorsComeInTheOrderPrinted() throws Exception {
        ExternalCommand.Result r = ExternalCommand.run(List.of("sh", "-c", "echo one; echo two >&2; echo three"),
                GENEROUS, 1024, true);
        assertThat(r.stdout()).isEqualTo("one\ntwo\nthree\n");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void argumentsAreNeverInterpretedByAShell() throws Exception {
        ExternalCommand.Result r = ExternalCommand.run(List.of("echo", "$(id); rm -rf /"), GENEROUS, 1024, false);
        assertThat(r.stdout()).isEqualTo("$(id); rm -rf /\n");
    }

    @Test
    void theOutputIsCapped() throws Exception {
        ExternalCommand.Result r = ExternalCommand.run(List.of("head", "-c", "100000", "/dev/zero"), GENEROUS, 10, false);
        assertThat(r.stdout()).hasSize(10);
    }

    @Test
    void aMissingProgramIsASentenceNamingIt() {
        assertThatThrownBy(() -> ExternalCommand.run(List.of("/nonexistent/cgw/ip", "route"), GENEROUS, 1024, true))
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot run '/nonexistent/cgw/ip route': ");
    }

    @Test
    void aCommandThatHangsIsKilledAtItsTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ExternalCommand.run(List.of("sleep", "600"), Duration.ofMillis(200), 1024, false))
                .isInstanceOf(IOException.class).hasMessage("'sleep 600' did not finish within 200 ms and was killed");
        // well below the 600 s the command wanted: the timeout ended it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }
}
