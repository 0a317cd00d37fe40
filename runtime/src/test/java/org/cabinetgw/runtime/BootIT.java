package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway starting as it does in a cabinet, watched from the broker by Mosquitto's own mosquitto_sub (every
 * topic): while it starts, components report what they cannot know yet (the uplink has not tried to connect,
 * disks are not read yet), and none of that may reach the cloud as an alarm. The cabinet state goes out once,
 * when the coordinator's settle time ends. The endpoints that change something need the administrator.
 */
class BootIT {

    @TempDir
    Path data;

    @Test
    void aBootSendsNoAlarmAndTheCabinetStateOnce() throws Exception {
        Assumptions.assumeTrue(TestBroker.available() && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto and mosquitto-clients are not installed");
        Path brokerDir = data.resolve("test-broker");
        Path seen = data.resolve("seen.txt");
        try (TestBroker broker = TestBroker.start(brokerDir)) {
            Process sub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port),
                    "-q", "1", "-v", "-t", "#").redirectErrorStream(true).redirectOutput(seen.toFile()).start();
            try {
                awaitSubscribed(broker.port, seen);
                try (GatewayProcess gw = GatewayProcess.start(data, "--config", broker.siteConfig(brokerDir).toString())) {
                    gw.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected");
                    // The coordinator's settle time is 15 s by default: the state goes out when it ends.
                    // every topic names its gateway: the prefix is cabinetgw/<client id>
                    String cabinet = "cabinetgw/cabinetgw-test-" + ProcessHandle.current().pid() + "/failover/cabinet ";
                    List<String> state = awaitLines(seen, l -> l.startsWith(cabinet), 40_000);
                    assertThat(state.get(0)).contains("\"state\":\"NORMAL\"").contains("\"priority\":\"EVENT\"");
                    Thread.sleep(1000); // a window for an alarm or a second state wrongly sent at the start
                    List<String> lines = Files.readAllLines(seen);
                    assertThat(lines).as("alarms sent while the gateway started").noneMatch(l -> l.contains("\"priority\":\"ALARM\""));
                    assertThat(lines).filteredOn(l -> l.startsWith(cabinet)).hasSize(1);

                    // Reads are open like /health; a drill takes the uplink away on purpose: the administrator only.
                    assertThat(gw.get("/failover", null, null).statusCode()).isEqualTo(200);
                    assertThat(gw.postForm("/failover/drill/uplink", "", null, null).statusCode()).isEqualTo(401);
                    assertThat(gw.postForm("/failover/drill/uplink", "", "admin", "admin").statusCode()).isEqualTo(401);
                    assertThat(gw.get("/failover/history", null, null).body()).doesNotContain("drill");
                }
            } finally {
                sub.destroy();
                sub.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** mosquitto_sub is subscribed once a message published after its start comes back through it. */
    private static void awaitSubscribed(int port, Path seen) throws Exception {
        Await.until("mosquitto_sub subscribed (a marker published after its start came back)", Duration.ofSeconds(10),
                () -> {
                    new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t",
                            "boot-it/marker", "-m", "marker").start().waitFor(5, TimeUnit.SECONDS);
                    return Files.readString(seen).contains("boot-it/marker");
                });
    }

    private static List<String> awaitLines(Path file, java.util.function.Predicate<String> wanted, long timeoutMillis)
            throws Exception {
        Optional<List<String>> found = Await.within(Duration.ofMillis(timeoutMillis),
                () -> Files.readAllLines(file).stream().filter(wanted).toList(), f -> !f.isEmpty());
        if (found.isEmpty()) {
            throw new AssertionError("nothing as wanted within " + timeoutMillis + " ms in " + Files.readString(file));
        }
        return found.get();
    }
}
