package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SettingsTest {

    static RuleSettings rule(String name, String cond, String[] actions, String[] bundles, String comp, int down, int budget,
            int window, int interval) {
        return RuleSettings.of(name, cond, actions, bundles, comp, down, budget, window, interval);
    }

    @Test
    void aGoodRuleIsAccepted() {
        RuleSettings r = rule(" shed ", "battery_low", new String[] { "alarm", "STOP_BUNDLES" },
                new String[] { "org.example.video", " ", "org.example.video" }, "*", 60, 3, 60, 300);
        assertThat(r.name()).isEqualTo("shed");
        assertThat(r.condition()).isEqualTo(RuleSettings.Condition.BATTERY_LOW);
        assertThat(r.bundles()).containsExactly("org.example.video");
    }

    @Test
    void everyBadValueIsRefusedNamingTheAttributeAndTheValue() {
        String[] alarm = { "ALARM" };
        assertThatIllegalArgumentException().isThrownBy(() -> rule("", "BATTERY_LOW", alarm, null, "*", 1, 1, 1, 0))
                .withMessageContaining("name = ''");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("a\nb", "BATTERY_LOW", alarm, null, "*", 1, 1, 1, 0))
                .withMessageContaining("name");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "SOMETIMES", alarm, null, "*", 1, 1, 1, 0))
                .withMessageContaining("condition = 'SOMETIMES'").withMessageContaining("BATTERY_LOW");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "BATTERY_LOW", new String[] { "REBOOT" }, null, "*", 1, 1, 1, 0))
                .withMessageContaining("actions = 'REBOOT'");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "BATTERY_LOW", new String[0], null, "*", 1, 1, 1, 0))
                .withMessageContaining("actions = []");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> rule("r", "BATTERY_LOW", new String[] { "RESTART_BUNDLE" }, null, "*", 1, 1, 1, 0))
                .withMessageContaining("only with condition COMPONENT_DOWN");
        for (String edge : new String[] { "LINK_FAILOVER", "DEADLOCK", "COMPONENT_DOWN" }) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> rule("r", edge, new String[] { "TELEMETRY_ALARMS_ONLY" }, null, "*", 1, 1, 1, 0))
                    .withMessageContaining("actions = TELEMETRY_ALARMS_ONLY").withMessageContaining("not " + edge);
        }
        assertThat(rule("r", "battery_low", new String[] { "telemetry_alarms_only" }, null, "*", 1, 1, 1, 0).actions())
                .containsExactly(RuleSettings.Action.TELEMETRY_ALARMS_ONLY);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> rule("r", "BATTERY_LOW", new String[] { "STOP_BUNDLES" }, new String[0], "*", 1, 1, 1, 0))
                .withMessageContaining("bundles = []");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> rule("r", "BATTERY_LOW", new String[] { "STOP_BUNDLES" }, new String[] { "a;b" }, "*", 1, 1, 1, 0))
                .withMessageContaining("bundles = 'a;b'");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "COMPONENT_DOWN", alarm, null, "*", 0, 1, 1, 0))
                .withMessageContaining("down.seconds = 0").withMessageContaining("1..86400");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "COMPONENT_DOWN", alarm, null, "*", 1, 101, 1, 0))
                .withMessageContaining("restart.budget = 101");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "COMPONENT_DOWN", alarm, null, "*", 1, 1, 0, 0))
                .withMessageContaining("restart.window.minutes = 0");
        assertThatIllegalArgumentException().isThrownBy(() -> rule("r", "COMPONENT_DOWN", alarm, null, "*", 1, 1, 1, -1))
                .withMessageContaining("min.interval.seconds = -1");
    }

    @Test
    void globsMatchOnlyWhatTheySay() {
        assertThat(RuleSettings.globToPattern("storage.*").matcher("storage.raid.md0").matches()).isTrue();
        assertThat(RuleSettings.globToPattern("storage.*").matcher("storageX").matches()).isFalse();
        assertThat(RuleSettings.globToPattern("*").matcher("anything").matches()).isTrue();
        assertThat(RuleSettings.globToPattern("a.b").matcher("aXb").matches()).isFalse();
        assertThat(RuleSettings.globToPattern("(x)[").matcher("(x)[").matches()).isTrue();
        assertThat(RuleSettings.globToPattern("*.md0").matcher("storage.raid.md0").matches()).isTrue();
    }

    @Test
    void servletParametersRefuseGarbage() {
        assertThat(FailoverServlet.limit(null)).isEqualTo(100);
        assertThat(FailoverServlet.limit("5")).isEqualTo(5);
        assertThat(FailoverServlet.limit("0")).isNull();
        assertThat(FailoverServlet.limit("-1")).isNull();
        assertThat(FailoverServlet.limit("99999999999")).isNull();
        assertThat(FailoverServlet.limit("1e3")).isNull();
        assertThat(FailoverServlet.limit("١٢")).isNull(); // non-ASCII digits
        assertThat(FailoverServlet.kind("link")).isNotNull();
        assertThat(FailoverServlet.kind("UPLINK")).isNotNull();
        assertThat(FailoverServlet.kind("power")).isNull();
        assertThat(FailoverServlet.kind("x".repeat(1000))).isNull();
        assertThat(FailoverServlet.kind(null)).isNull();
    }
}
