package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The published figures hold for what a newcomer runs: the README's run command takes runtime/jvm.options, and the
 * systemd unit's JAVA_OPTS are the same options (issue 15, item 4).
 */
class JvmOptionsTest {

    private static final Path MODULE = Path.of(System.getProperty("cabinetgw.runtime.dir", "."));

    @Test
    void theReadmeCommandRunsWithTheUnitsOptions() throws Exception {
        assertThat(JvmOptions.ofReadmeCommand(MODULE.resolve("..")))
                .as("the JVM options of the README's run command")
                .containsExactlyElementsOf(StartupBenchmark.unitJavaOptions(MODULE.resolve("systemd/cabinetgw.service")))
                .contains("-Xmx64m");
        assertThat(JvmOptions.ofArgumentFile(MODULE.resolve("jvm.options")))
                .containsExactlyElementsOf(StartupBenchmark.unitJavaOptions(MODULE.resolve("systemd/cabinetgw.service")));
    }
}
