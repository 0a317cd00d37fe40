package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.health.Health;
import org.cabinetgw.power.PowerState;
import org.junit.jupiter.api.Test;

/**
 * The rule engine's decisions. Its side effects go to a recording actuator that keeps a set of "active bundles"
 * so idempotence is checked against state, not just call counts; the real actuator (bundles, uplink) is
 * exercised by the in-framework tests.
 */
class RuleEngineTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    static final class Recorder implements RuleEngine.Actuator {
        final Set<String> active = new LinkedHashSet<>(List.of("org.example.video", "org.example.stats"));
        final List<String> alarms = new ArrayList<>();
        final List<String> restarts = new ArrayList<>();
        String refuseRestart;
        // what the uplink would hold: null = no uplink control bound
        Boolean restricted = false;
        final List<String> restrictionCalls = new ArrayList<>();

        @Override
        public boolean alarm(String rule, String text) {
            alarms.add(text);
            return true;
        }

        @Override
        public List<String> stopBundles(List<String> names, String reason) {
            return names.stream().filter(active::remove).toList();
        }

        @Override
        public List<String> startBundles(List<String> names, String reason) {
            return names.stream().filter(active::add).toList();
        }

        @Override
        public String restartBundleOf(String component, String reason) {
            if (refuseRestart != null) {
                return refuseRestart;
            }
            restarts.add(component);
            return null;
        }

        @Override
        public boolean restrictTelemetry(String reason) {
            restrictionCalls.add("restrict " + reason);
            if (restricted == null) {
                return false;
            }
            restricted = true;
            return true;
        }

        @Override
        public boolean unrestrictTelemetry(String reason) {
            restrictionCalls.add("unrestrict " + reason);
            if (restricted == null) {
                return false;
            }
            restricted = false;
            return true;
        }
    }

    static RuleSettings alarmsOnly(String name, String condition) {
        return RuleSettings.of(name, condition, new String[] { "ALARM", "TELEMETRY_ALARMS_ONLY" }, new String[0], "*",
                60, 3, 60, 0);
    }

    @Test
    void batteryLowCutsTelemetryToAlarmsOnceAndPowerBackLiftsIt() {
        engine.put("r", alarmsOnly("alarms only", "BATTERY_LOW"));
        assertThat(engine.evaluate(power(PowerState.ON_UPS_BATTERY), T0, actuator)).isEmpty();
        List<RuleEngine.Taken> t = engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("ALARM", "TELEMETRY_ALARMS_ONLY");
        assertThat(t.get(1).dimension()).isEqualTo(Dimension.POWER);
        assertThat(actuator.restricted).isTrue();
        assertThat(engine.telemetryRestricted()).isTrue();
        assertThat(engine.restrictionReason()).contains("alarms only");

        // still low: nothing more (idempotent)
        assertThat(engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(1), actuator)).isEmpty();
        assertThat(actuator.restrictionCalls).containsExactly("restrict alarms only: UPS battery low");

        t = engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(900), actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("ALARM", "TELEMETRY_RESTORED");
        assertThat(actuator.restricted).isFalse();
        assertThat(engine.telemetryRestricted()).isFalse();
        assertThat(engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(901), actuator)).isEmpty();
        assertThat(actuator.restrictionCalls).hasSize(2).last().asString().startsWith("unrestrict");
    }

    @Test
    void twoRulesHoldingTheRestrictionLiftItOnlyWhenBothClear() {
        engine.put("low", alarmsOnly("low", "BATTERY_LOW"));
        engine.put("ups", alarmsOnly("ups", "ON_UPS_BATTERY"));
        engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator);
        assertThat(actuator.restrictionCalls).hasSize(1);
        // the battery recovers a little: the low rule clears, the on-battery rule still holds it
        assertThat(engine.evaluate(power(PowerState.ON_UPS_BATTERY), T0.plusSeconds(60), actuator))
                .extracting(RuleEngine.Taken::action).doesNotContain("TELEMETRY_RESTORED");
        assertThat(actuator.restricted).isTrue();
        assertThat(engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(120), actuator))
                .extracting(RuleEngine.Taken::action).contains("TELEMETRY_RESTORED");
        assertThat(actuator.restricted).isFalse();
        assertThat(actuator.restrictionCalls).hasSize(2);
    }

    @Test
    void removingOrReconfiguringARuleLiftsItsRestriction() {
        engine.put("r", alarmsOnly("alarms only", "BATTERY_LOW"));
        engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator);
        assertThat(engine.remove("r", T0, actuator)).extracting(RuleEngine.Taken::action)
                .containsExactly("TELEMETRY_RESTORED");
        assertThat(actuator.restricted).isFalse();

        engine.put("r", alarmsOnly("alarms only", "BATTERY_LOW"));
        engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(1), actuator);
        assertThat(actuator.restricted).isTrue();
        // the integrator drops the action while the battery is still low
        engine.put("r", RuleSettings.of("alarms only", "BATTERY_LOW", new String[] { "ALARM" }, new String[0], "*", 60, 3,
                60, 0));
        assertThat(engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(2), actuator))
                .extracting(RuleEngine.Taken::action).containsExactly("TELEMETRY_RESTORED");
        assertThat(actuator.restricted).isFalse();
        // and adds it back: applied at once, the condition still holds
        engine.put("r", alarmsOnly("alarms only", "BATTERY_LOW"));
        assertThat(engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(3), actuator))
                .extracting(RuleEngine.Taken::action).containsExactly("TELEMETRY_ALARMS_ONLY");
        assertThat(actuator.restricted).isTrue();
    }

    @Test
    void withoutUplinkControlTheRestrictionIsStillWantedAndLogged() {
        actuator.restricted = null;
        engine.put("r", alarmsOnly("alarms only", "BATTERY_LOW"));
        assertThat(engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator)).extracting(RuleEngine.Taken::action)
                .contains("TELEMETRY_ALARMS_ONLY");
        // the coordinator re-applies it from this when an uplink control appears
        assertThat(engine.telemetryRestricted()).isTrue();
    }

    @Test
    void theRestrictionWaitsForADrillOnItsDimension() {
        engine.put("r", alarmsOnly("alarms only", "UPLINK_FALLBACK"));
        RuleEngine.Situation drilled = new RuleEngine.Situation(PowerState.ON_MAINS, null, true, false, CabinetState.DEGRADED, Map.of(), Dimension.UPLINK, Map.of());
        assertThat(engine.evaluate(drilled, T0, actuator)).isEmpty();
        assertThat(actuator.restricted).isFalse();
    }

    final Recorder actuator = new Recorder();
    final RuleEngine engine = new RuleEngine();

    static RuleSettings batteryRule(int minIntervalSeconds) {
        return RuleSettings.of("shed load", "BATTERY_LOW", new String[] { "ALARM", "STOP_BUNDLES" },
                new String[] { "org.example.video", "org.example.stats", "org.example.absent" }, "*", 60, 3, 60,
                minIntervalSeconds);
    }

    static RuleSettings restartRule(int downSeconds, int budget) {
        return RuleSettings.of("restart", "COMPONENT_DOWN", new String[] { "RESTART_BUNDLE" }, new String[0], "storage.*",
                downSeconds, budget, 60, 0);
    }

    static RuleEngine.Situation power(PowerState p) {
        return power(p, null);
    }

    /** The power situation within the open power episode {@code episode} (null: none known). */
    static RuleEngine.Situation power(PowerState p, String episode) {
        // a cabinet without a mains meter: off mains is mains lost
        String mainsLost = MainsLoss.offMains(p) ? "mains lost (" + p + ")" : null;
        return new RuleEngine.Situation(p, mainsLost, false, false, CabinetState.NORMAL, Map.of(), null,
                episode == null ? Map.of() : Map.of(Dimension.POWER, episode));
    }

    static RuleEngine.Situation components(Map<String, Health> c, Dimension drilled) {
        return new RuleEngine.Situation(PowerState.ON_MAINS, null, false, false, CabinetState.NORMAL, c, drilled, Map.of());
    }

    @Test
    void batteryLowShedsLoadOnceAndPowerBackRestoresIt() {
        engine.put("r", batteryRule(0));
        List<RuleEngine.Taken> t = engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("ALARM", "STOP_BUNDLES", "STOP_BUNDLES");
        assertThat(actuator.active).isEmpty();
        assertThat(actuator.alarms).containsExactly("shed load: UPS battery low");

        // still low: nothing more (idempotent)
        assertThat(engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(1), actuator)).isEmpty();

        t = engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(900), actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("ALARM", "START_BUNDLES", "START_BUNDLES");
        assertThat(actuator.active).containsExactlyInAnyOrder("org.example.video", "org.example.stats");
        assertThat(actuator.alarms).last().asString().contains("BATTERY_LOW is over");
    }

    @Test
    void aBundleAlreadyStoppedByOthersIsNotStartedByTheRule() {
        actuator.active.remove("org.example.stats"); // the integrator stopped it himself
        engine.put("r", batteryRule(0));
        engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator);
        engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(10), actuator);
        assertThat(actuator.active).containsExactly("org.example.video");
    }

    @Test
    void removingARuleRestoresWhatItStopped() {
        engine.put("r", batteryRule(0));
        engine.evaluate(power(PowerState.BATTERY_LOW), T0, actuator);
        assertThat(engine.remove("r", T0, actuator)).extracting(RuleEngine.Taken::action).containsOnly("START_BUNDLES");
        assertThat(actuator.active).hasSize(2);
    }

    @Test
    void alarmsAreRateLimitedPerRule() {
        engine.put("r", batteryRule(300));
        for (int i = 0; i < 5; i++) {
            engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(i * 20), actuator);
            engine.evaluate(power(PowerState.ON_UPS_BATTERY), T0.plusSeconds(i * 20 + 10), actuator);
        }
        // flapping BATTERY_LOW <-> ON_UPS_BATTERY every 10 s: one alarm and one "cleared" in 100 s, not ten
        assertThat(actuator.alarms).hasSize(2);
        engine.evaluate(power(PowerState.BATTERY_LOW), T0.plusSeconds(400), actuator);
        assertThat(actuator.alarms).hasSize(3);
    }

    @Test
    void aSecondOutageWithinTheMinimumIntervalIsAlarmedItIsANewEpisode() {
        engine.put("m", RuleSettings.of("mains-lost", "MAINS_LOST", new String[] { "ALARM" }, null, "*", 60, 3, 60, 300));
        engine.evaluate(power(PowerState.ON_UPS_BATTERY, "power/1"), T0, actuator);
        engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(60), actuator);
        // two minutes later mains goes again: a new outage, a new episode
        engine.evaluate(power(PowerState.ON_UPS_BATTERY, "power/2"), T0.plusSeconds(120), actuator);
        engine.evaluate(power(PowerState.ON_MAINS), T0.plusSeconds(180), actuator);
        assertThat(actuator.alarms).containsExactly("mains-lost: mains lost (ON_UPS_BATTERY)",
                "mains-lost: MAINS_LOST is over", "mains-lost: mains lost (ON_UPS_BATTERY)", "mains-lost: MAINS_LOST is over");
        // ... while within one outage the battery going low and recovering again and again is a repeat
        engine.put("b", batteryRule(300));
        for (int i = 0; i < 5; i++) {
            engine.evaluate(power(PowerState.BATTERY_LOW, "power/3"), T0.plusSeconds(200 + i * 20), actuator);
            engine.evaluate(power(PowerState.ON_UPS_BATTERY, "power/3"), T0.plusSeconds(210 + i * 20), actuator);
        }
        assertThat(actuator.alarms).filteredOn(t -> t.startsWith("shed load")).hasSize(2);
    }

    @Test
    void mainsLostRestsOnWhatTheSituationSaysOfMainsNotOnTheCabinetState() {
        engine.put("m", RuleSettings.of("mains-lost", "MAINS_LOST", new String[] { "ALARM" }, null, "*", 60, 3, 60, 300));
        // a UPS testing itself: on battery, the mains meter says mains is there
        RuleEngine.Situation selfTest = new RuleEngine.Situation(PowerState.ON_UPS_BATTERY, null, false, false,
                CabinetState.DEGRADED, Map.of(), null, Map.of());
        assertThat(engine.evaluate(selfTest, T0, actuator)).isEmpty();
        assertThat(actuator.alarms).isEmpty();
    }

    @Test
    void aComponentDownIsRestartedWithinItsBudgetThenEscalatedOnce() {
        engine.put("r", restartRule(30, 2));
        Map<String, Health> down = Map.of("storage.raid.md0", Health.down("mdstat unreadable", T0));
        assertThat(engine.evaluate(components(down, null), T0.plusSeconds(29), actuator)).isEmpty();
        assertThat(engine.waitingOnTime()).isTrue();
        assertThat(engine.evaluate(components(down, null), T0.plusSeconds(30), actuator))
                .extracting(RuleEngine.Taken::action).containsExactly("RESTART_BUNDLE");
        // after a restart it waits the full time again before the next one
        assertThat(engine.evaluate(components(down, null), T0.plusSeconds(59), actuator)).isEmpty();
        assertThat(engine.evaluate(components(down, null), T0.plusSeconds(60), actuator))
                .extracting(RuleEngine.Taken::action).containsExactly("RESTART_BUNDLE");
        List<RuleEngine.Taken> t = engine.evaluate(components(down, null), T0.plusSeconds(90), actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("ESCALATE", "ALARM");
        assertThat(t.get(0).reason()).contains("restart budget of 2 in 60 min used up").contains("mdstat unreadable");
        assertThat(actuator.restarts).hasSize(2);
        assertThat(actuator.alarms).singleElement().asString().contains("storage.raid.md0 DOWN for 90 s");
        // escalated: it stops trying
        assertThat(engine.evaluate(components(down, null), T0.plusSeconds(500), actuator)).isEmpty();
        assertThat(engine.waitingOnTime()).isFalse();
        // it recovers: the episode can close, and a new fault starts a new budget
        t = engine.evaluate(components(Map.of("storage.raid.md0", Health.up(T0)), null), T0.plusSeconds(600), actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("RECOVERED");
    }

    @Test
    void theBudgetIsPerWindow() {
        engine.put("r", RuleSettings.of("restart", "COMPONENT_DOWN", new String[] { "RESTART_BUNDLE" }, null, "*", 10, 1, 1, 0));
        Map<String, Health> down = Map.of("x", Health.down("", T0));
        engine.evaluate(components(down, null), T0.plusSeconds(10), actuator);
        engine.evaluate(components(Map.of("x", Health.up(T0)), null), T0.plusSeconds(15), actuator);
        Map<String, Health> downAgain = Map.of("x", Health.down("", T0.plusSeconds(100)));
        engine.evaluate(components(downAgain, null), T0.plusSeconds(110), actuator);
        assertThat(actuator.restarts).hasSize(2);
    }

    @Test
    void aComponentThatCannotBeRestartedIsEscalatedAtOnce() {
        engine.put("r", restartRule(1, 3));
        actuator.refuseRestart = "no bundle registers storage.raid.md0 now";
        List<RuleEngine.Taken> t = engine.evaluate(components(Map.of("storage.raid.md0", Health.down("", T0)), null),
                T0.plusSeconds(5), actuator);
        assertThat(t).extracting(RuleEngine.Taken::action).containsExactly("ESCALATE", "ALARM");
        assertThat(t.get(0).reason()).contains("cannot restart: no bundle registers");
    }

    @Test
    void componentsOutsideThePatternAndThoseADrillHoldsDownAreLeftAlone() {
        engine.put("r", restartRule(1, 3));
        engine.put("n", RuleSettings.of("net", "COMPONENT_DOWN", new String[] { "RESTART_BUNDLE" }, null, "link.*", 1, 3, 60, 0));
        Map<String, Health> c = new HashMap<>();
        c.put("uplink", Health.down("", T0));
        c.put("link.wired", Health.down("held down for a drill", T0));
        assertThat(engine.evaluate(components(c, Dimension.NETWORK), T0.plusSeconds(100), actuator)).isEmpty();
        assertThat(engine.evaluate(components(c, null), T0.plusSeconds(100), actuator))
                .extracting(RuleEngine.Taken::target).containsExactly("link.wired");
    }

    @Test
    void edgeConditionsActPerOccurrenceButNotForTheirOwnDrill() {
        engine.put("l", RuleSettings.of("failover alarm", "LINK_FAILOVER", new String[] { "ALARM" }, null, "*", 1, 1, 1, 0));
        assertThat(engine.occurred(RuleSettings.Condition.LINK_FAILOVER, "wired", "wired failed over in 3050 ms", null, T0,
                actuator)).hasSize(1);
        assertThat(engine.occurred(RuleSettings.Condition.LINK_FAILOVER, "wired", "drill", Dimension.NETWORK, T0, actuator))
                .isEmpty();
        assertThat(engine.occurred(RuleSettings.Condition.DEADLOCK, "threads", "x", null, T0, actuator)).isEmpty();
        assertThat(actuator.alarms).containsExactly("failover alarm: wired failed over in 3050 ms");
    }

    @Test
    void levelRulesOnTheDrilledDimensionWaitForTheDrillToEnd() {
        engine.put("u", RuleSettings.of("fallback", "UPLINK_FALLBACK", new String[] { "ALARM" }, null, "*", 1, 1, 1, 0));
        RuleEngine.Situation drilling = new RuleEngine.Situation(null, null, true, false, CabinetState.DEGRADED, Map.of(),
                Dimension.UPLINK, Map.of());
        assertThat(engine.evaluate(drilling, T0, actuator)).isEmpty();
        RuleEngine.Situation real = new RuleEngine.Situation(null, null, true, false, CabinetState.DEGRADED, Map.of(), null, Map.of());
        assertThat(engine.evaluate(real, T0, actuator)).hasSize(1);
    }

    @Test
    void cabinetWideRulesDoNotAlarmOnTheDegradationADrillCauses() {
        engine.put("c", RuleSettings.of("cabinet", "CABINET_DEGRADED", new String[] { "ALARM" }, null, "*", 1, 1, 1, 0));
        RuleEngine.Situation drilling = new RuleEngine.Situation(null, null, false, false, CabinetState.DEGRADED, Map.of(),
                Dimension.NETWORK, Map.of());
        assertThat(engine.evaluate(drilling, T0, actuator)).isEmpty();
        RuleEngine.Situation after = new RuleEngine.Situation(null, null, false, false, CabinetState.NORMAL, Map.of(), null, Map.of());
        assertThat(engine.evaluate(after, T0.plusSeconds(5), actuator)).isEmpty();
        assertThat(actuator.alarms).isEmpty();
    }
}
