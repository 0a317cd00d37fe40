package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

class PairSettingsParserTest {

    /** This machine has 10.0.0.1 and 192.168.250.1 (and loopback). */
    private final PairSettingsParser parser = new PairSettingsParser(a -> a.isLoopbackAddress()
            || a.getHostAddress().equals("10.0.0.1") || a.getHostAddress().equals("192.168.250.1"));

    private static final String LAN = "lan;10.0.0.1:7405;10.0.0.2:7405";
    private static final String CABLE = "cable;192.168.250.1:7405;192.168.250.2:7405";

    static PairConfig config(Map<String, Object> values) {
        return AnnotationConfig.of(PairConfig.class, values);
    }

    private static Map<String, Object> good() {
        Map<String, Object> m = new HashMap<>();
        m.put("pair.id", "cabinet-7");
        m.put("node.id", "gw-a");
        m.put("paths", new String[] {LAN, CABLE});
        m.put("pair.key", "a-long-enough-pair-key");
        return m;
    }

    private PairSettings parse(Map<String, Object> m) {
        return parser.parse(config(m), "host-name");
    }

    private void refused(Map<String, Object> m, String message) {
        assertThatThrownBy(() -> parse(m)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aGoodPairWithTheDefaults() {
        PairSettings s = parse(good());
        assertThat(s.paths()).extracting(PathSpec::name).containsExactly("lan", "cable");
        assertThat(s.intervalMs()).isEqualTo(20);
        assertThat(s.timeoutMs()).isEqualTo(80);
        assertThat(s.standbyWhenIsolated()).isEqualTo(PairSettings.StandbyWhenIsolated.STAY_STANDBY);
        assertThat(s.activeWhenIsolated()).isEqualTo(PairSettings.ActiveWhenIsolated.STEP_DOWN);
        assertThat(s.failBack()).isFalse();
    }

    @Test
    void nothingConfiguredIsStandalone() {
        assertThat(PairSettingsParser.standalone(config(Map.of()))).isTrue();
        assertThat(PairSettingsParser.standalone(config(Map.of("paths", new String[] {" "})))).isTrue();
        assertThat(PairSettingsParser.standalone(config(good()))).isFalse();
    }

    @Test
    void theNodeIdDefaultsToTheHostName() {
        Map<String, Object> m = good();
        m.remove("node.id");
        assertThat(parse(m).nodeId()).isEqualTo("host-name");
    }

    @Test
    void theSameAddressTwiceIsRefusedNamingBothPaths() {
        Map<String, Object> m = good();
        m.put("paths", new String[] {LAN, "cable;192.168.250.1:7405;10.0.0.2:7405"});
        refused(m, "the address 10.0.0.2:7405 appears twice (in 'lan' and 'cable')");
        m.put("paths", new String[] {LAN, "cable;10.0.0.1:7405;192.168.250.2:7405"});
        refused(m, "10.0.0.1:7405 appears twice");
    }

    @Test
    void theNodeItselfAsItsPeerIsRefused() {
        Map<String, Object> m = good();
        m.put("paths", new String[] {"lan;10.0.0.1:7405;10.0.0.1:7405", CABLE});
        refused(m, "'lan' names this node itself as its peer");
        m.put("paths", new String[] {LAN, "cable;192.168.250.1:7406;10.0.0.1:7405"});
        refused(m, "appears twice");
        m.put("paths", new String[] {"lan;10.0.0.1:7405;10.0.0.2:7405", "cable;192.168.250.1:7406;192.168.250.1:7405"});
        refused(m, "'cable' names this node itself as its peer");
        m.put("paths", new String[] {"lan;127.0.0.1:7405;127.0.0.1:7406", "cable;127.0.0.1:7407;127.0.0.1:7408"});
        assertThat(parse(m).paths()).as("two nodes of a test on one host").hasSize(2);
        m.put("paths", new String[] {"lan;127.0.0.1:7405;127.0.0.1:7406", "cable;127.0.0.1:7407;127.0.0.1:7405"});
        refused(m, "appears twice");
        m.put("paths", new String[] {"lan;127.0.0.1:7405;127.0.0.1:7406", "cable;0.0.0.0:7407;127.0.0.1:7408"});
        refused(m, "'cable' local address must be this node's address on that path, not 0.0.0.0:7407");
    }

    @Test
    void badPathsAreRefusedWithTheEntry() {
        Map<String, Object> m = good();
        m.put("paths", new String[] {LAN});
        refused(m, "at least two independent heartbeat paths");
        m.put("paths", new String[] {LAN, "cable;192.168.250.1:7405"});
        refused(m, "'cable;192.168.250.1:7405' is not 'name;local-address:port;peer-address:port'");
        m.put("paths", new String[] {LAN, "cable;192.168.250.1:99999;192.168.250.2:7405"});
        refused(m, "the port must be 1..65535");
        m.put("paths", new String[] {LAN, "cable;192.168.250.1:7405;peer.example:7405"});
        refused(m, "must be a literal IP address");
        m.put("paths", new String[] {LAN, "cable;10.9.9.9:7405;192.168.250.2:7405"});
        refused(m, "is not an address of this machine");
        m.put("paths", new String[] {LAN, "lan;192.168.250.1:7405;192.168.250.2:7405"});
        refused(m, "the name 'lan' is used twice");
        m.put("paths", new String[] {LAN, "ca ble;192.168.250.1:7405;192.168.250.2:7405"});
        refused(m, "the name 'ca ble'");
    }

    @Test
    void badValuesNameTheSetting() {
        Map<String, Object> m = good();
        m.put("pair.key", "short");
        refused(m, "pair.key must be set, at least 16 characters");
        m.put("pair.key", "a-long-enough-pair-key");
        m.put("heartbeat.timeout.millis", 40);
        refused(m, "heartbeat.timeout.millis = 40 is out of range; allowed 60..60000");
        m.put("heartbeat.timeout.millis", 80);
        m.put("standby.when.isolated", "MAYBE");
        refused(m, "standby.when.isolated = 'MAYBE' is not one of [STAY_STANDBY, TAKE_OVER]");
        m.put("standby.when.isolated", "take_over");
        assertThat(parse(m).standbyWhenIsolated()).isEqualTo(PairSettings.StandbyWhenIsolated.TAKE_OVER);
        m.put("step.down.millis", 1400);
        refused(m, "step.down.millis = 1400 is out of range; allowed 100..1250");
        m.put("step.down.millis", 1000);
        m.put("lease.timeout.millis", 1500);
        refused(m, "lease.timeout.millis = 1500 is out of range; allowed 1750..600000");
        m.put("lease.timeout.millis", 3000);
        m.put("pair.id", "cabinet 7");
        refused(m, "pair.id = 'cabinet 7'");
    }

    @Test
    void theLastReleasesNamesAreStillReadWithAWarning() {
        // a site file written for the last release: every renamed setting under its old name (CHANGES.md rule 5)
        Map<String, Object> m = good();
        m.put("heartbeat.interval.ms", 25);
        m.put("heartbeat.timeout.ms", 100);
        m.put("startup.wait.ms", 700);
        m.put("failback.hold.ms", 5000);
        m.put("witness.mqtt.keepalive.s", 2);
        m.put("step.down.ms", 1200);
        m.put("lease.renew.ms", 300);
        m.put("lease.timeout.ms", 4000);
        List<String> warnings = new ArrayList<>();
        PairConfig config = renamed(m, warnings);
        PairSettings s = parser.parse(config, "host-name");
        assertThat(List.of(s.intervalMs(), s.timeoutMs(), s.startupWaitMs(), s.failBackHoldMs(), s.stepDownMs(),
                s.leaseRenewMs(), s.leaseTimeoutMs())).containsExactly(25L, 100L, 700L, 5000L, 1200L, 300L, 4000L);
        assertThat(config.witness_mqtt_keep_alive_seconds()).isEqualTo(2);
        assertThat(warnings).hasSize(8).allSatisfy(w -> assertThat(w).startsWith("org.cabinetgw.ha: ")
                .contains("rename it in the configuration"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("witness.mqtt.keepalive.s is now "
                + "witness.mqtt.keep.alive.seconds"));
    }

    @Test
    void anOldNamesBadValueIsRefusedUnderTheNewName() {
        Map<String, Object> m = good();
        m.put("heartbeat.timeout.ms", 40);
        List<String> warnings = new ArrayList<>();
        assertThatThrownBy(() -> parser.parse(renamed(m, warnings), "host-name"))
                .hasMessageContaining("heartbeat.timeout.millis = 40 is out of range; allowed 60..60000");
        assertThat(warnings).containsExactly("org.cabinetgw.ha: heartbeat.timeout.ms is now heartbeat.timeout.millis; "
                + "rename it in the configuration (the old name is read for this release only)");
        // both names set: the new one wins, the old one is named as ignored
        m.put("heartbeat.timeout.millis", 90);
        warnings.clear();
        assertThat(parser.parse(renamed(m, warnings), "host-name").timeoutMs()).isEqualTo(90);
        assertThat(warnings).singleElement().asString().contains("heartbeat.timeout.millis = 90 is used",
                "heartbeat.timeout.ms = 40 is ignored");
        // an old name's value that is not a number: refused naming both names, not a stack trace in SCR
        m.remove("heartbeat.timeout.millis");
        m.put("heartbeat.timeout.ms", "eighty");
        assertThatThrownBy(() -> renamed(m, new ArrayList<>())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeat.timeout.ms (now heartbeat.timeout.millis)");
    }

    @Test
    void everyNewNameInTheTableIsASettingAndNoOldNameIsOne() {
        java.util.Set<String> settings = new java.util.HashSet<>();
        for (java.lang.reflect.Method m : PairConfig.class.getDeclaredMethods()) {
            settings.add(org.cabinetgw.support.internal.settings.PropertyNames.of(m.getName()));
        }
        Map<String, String> table = RenamedSettings.of(HaComponent.PID, HaComponent.class).oldToNew();
        assertThat(table).hasSize(9);
        assertThat(settings).containsAll(table.values()).doesNotContainAnyElementsOf(table.keySet());
    }

    /** The configuration as HaComponent reads it: its own rename table (the bundle's resource) over the map. */
    private static PairConfig renamed(Map<String, Object> m, List<String> warnings) {
        return RenamedSettings.of(HaComponent.PID, HaComponent.class).config(PairConfig.class, config(m), m,
                warnings::add);
    }

    @Test
    void theKeyIsNotInAnyMessage() {
        Map<String, Object> m = good();
        m.put("paths", new String[] {LAN});
        assertThatThrownBy(() -> parse(m)).message().doesNotContain("a-long-enough-pair-key");
        assertThat(parse(good()).toString()).doesNotContain("a-long-enough-pair-key");
    }

    @Test
    void loopbackIsAssignedHere() throws Exception {
        assertThat(PairSettingsParser.assignedHere(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(PairSettingsParser.assignedHere(InetAddress.getByName("203.0.113.77"))).isFalse();
    }
}
