package org.cabinetgw.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker a test kills after its last save keeps what it held then (the fault campaign's "broker killed"). */
class LocalMosquittoTest {

    @Test
    void aBrokerKilledAfterItsSaveStillHoldsItsRetainedMessageWhenItComesBack(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        // autosave in half an hour: only the save on SIGUSR1 can have written the message before the kill
        try (LocalMosquitto broker = new LocalMosquitto(dir.resolve("broker")).withPersistence()
                .with("autosave_interval 1800").start()) {
            run("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port), "-q", "1", "-r",
                    "-t", "held/one", "-m", "kept");
            broker.saveThenKill();
            broker.start();
            assertThat(run("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port), "-C", "1",
                    "-W", "20", "-t", "held/one")).isEqualTo("kept");
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
