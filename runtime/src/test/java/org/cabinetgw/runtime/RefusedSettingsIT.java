package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad settings for several components in one site file, as an integrator makes them, with the real jar: each
 * refusal is one WARN line in the log naming the setting (no stack trace, in the console or in the file), an
 * entry {@code config:<pid>} in /health naming it, the rest of the gateway runs; corrected in the web console,
 * each component comes back without a restart.
 */
class RefusedSettingsIT {

    /** A log line at WARN, as logback's console pattern writes it (not the launcher's own "cabinetgw: WARNING"). */
    private static final Pattern WARN = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN .*");

    /** Each refused PID and what its WARN line and its /health entry must name. */
    private static final Map<String, String> REFUSED = Map.of(
            "org.cabinetgw.uplink.mqtt", "server.uri = mqtt://broker:1883 must start with tcp:// or ssl://",
            "org.cabinetgw.uplink", "failover.seconds = -5",
            "org.cabinetgw.network.link~wired", "interface.name = 'eth0;reboot' is invalid",
            "org.cabinetgw.failover.rule~restart-on-mains", "actions = RESTART_BUNDLE is allowed only with condition",
            "org.cabinetgw.storage.filesystem~root", "poll.seconds");

    @TempDir
    Path data;

    @Test
    void eachRefusalIsOneWarnLineAndOneHealthEntryNamingTheSettingAndACorrectionRecoversWithoutARestart()
            throws Exception {
        Path site = Files.writeString(Files.createDirectories(data.resolve("site")).resolve("site.json"), """
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "mqtt://broker:1883"},
                 "org.cabinetgw.uplink": {"failover.seconds": -5},
                 "org.cabinetgw.network.link~wired": {"name": "wired", "interface.name": "eth0;reboot"},
                 "org.cabinetgw.failover.rule~restart-on-mains": {"name": "restart-on-mains",
                      "condition": "MAINS_LOST", "actions": ["RESTART_BUNDLE"]},
                 "org.cabinetgw.storage.filesystem~root": {"name": "root", "mount.point": "/", "poll.seconds": 0}}
                """);
        try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
            gw.awaitShippedPackages();
            String body = gw.awaitHealthWhere(b -> REFUSED.keySet().stream()
                    .allMatch(pid -> b.contains("\"config:" + pid + "\":{\"status\":\"DOWN\"")), "every refusal").body();
            for (Map.Entry<String, String> r : REFUSED.entrySet()) {
                assertThat(entry(body, "config:" + r.getKey())).as("/health names the setting of " + r.getKey())
                        .contains("configuration refused: ").contains(r.getValue());
            }
            assertThat(body).as("refusals degrade the cabinet; they do not take it down")
                    .doesNotStartWith("{\"status\":\"DOWN\"").doesNotContain("InvocationTargetException")
                    .doesNotContain("failed to activate");
            Thread.sleep(5000); // what the components and core's activation check say after the refusals
            String password = gw.printedPassword();

            List<String> console = gw.output().lines().toList();
            List<String> file = Files.readAllLines(data.resolve("logs/cabinetgw.log"));
            for (Map.Entry<String, String> r : REFUSED.entrySet()) {
                assertThat(console).as("one WARN line for " + r.getKey() + ", naming the setting")
                        .filteredOn(l -> WARN.matcher(l).matches() && l.contains(r.getKey() + " ")).hasSize(1)
                        .allMatch(l -> l.contains("refused: ") && l.contains(r.getValue().split(" ")[0]));
                assertThat(file).as("and in the log file").filteredOn(l -> l.contains(" WARN ")
                        && l.contains(r.getKey() + " ")).hasSize(1);
            }
            assertThat(console).as("no stack trace, no ERROR for a bad setting").noneMatch(l -> l.startsWith("\tat "))
                    .noneMatch(l -> l.contains(" ERROR ") && REFUSED.keySet().stream().anyMatch(l::contains))
                    .noneMatch(l -> l.contains("The activate method has thrown"));
            assertThat(file).noneMatch(l -> l.startsWith("\tat "))
                    .noneMatch(l -> l.contains(" ERROR ") && REFUSED.keySet().stream().anyMatch(l::contains))
                    .noneMatch(l -> l.contains("The activate method has thrown"));

            // corrected in the web console, the way an integrator does it: no restart
            console(gw, password, "org.cabinetgw.uplink.mqtt", "server.uri=tcp%3A%2F%2F127.0.0.1%3A1");
            console(gw, password, "org.cabinetgw.uplink", "failover.seconds=20");
            console(gw, password, "org.cabinetgw.network.link~wired", "name=wired&interface.name=lo");
            console(gw, password, "org.cabinetgw.failover.rule~restart-on-mains",
                    "name=restart-on-mains&condition=MAINS_LOST&actions=ALARM");
            console(gw, password, "org.cabinetgw.storage.filesystem~root", "name=root&mount.point=%2F&poll.seconds=30");
            body = gw.awaitHealthWhere(b -> !b.contains("\"config:") && b.contains("\"link.wired\":{")
                    && b.contains("\"uplink\":{") && b.contains("\"storage.fs.root\":{\"status\":\"UP\""),
                    "every component back").body();
            assertThat(body).as("the MQTT transport runs (its broker is not there: the uplink says so)")
                    .contains("\"uplink\":{");
            assertThat(gw.output()).as("still no trace").doesNotContain("\tat ")
                    .doesNotContain("The activate method has thrown");
            assertThat(gw.stop()).isTrue();
        }
    }

    /** One component's entry in a /health document: {"status":...,"reason":...}. */
    private static String entry(String body, String name) {
        int at = body.indexOf("\"" + name + "\":{");
        assertThat(at).as(name + " in " + body).isNotNegative();
        return body.substring(at, body.indexOf('}', at) + 1);
    }

    /** Saves settings the way the web console's configuration page does; the keys given are the ones listed. */
    private static void console(GatewayProcess gw, String password, String pid, String form) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String pair : form.split("&")) {
            list.append(list.length() == 0 ? "" : ",").append(pair.substring(0, pair.indexOf('=')));
        }
        var r = gw.postForm("/system/console/configMgr/" + pid, "apply=true&action=ajaxConfigManager&propertylist="
                + list + "&" + form, "admin", password);
        assertThat(r.statusCode()).as("saving " + pid + ": " + r.body()).isLessThan(400);
    }
}
