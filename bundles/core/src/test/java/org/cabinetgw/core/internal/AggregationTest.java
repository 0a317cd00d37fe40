package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;

class AggregationTest {

    private final Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    private final Instant t1 = t0.plusSeconds(5);
    private final Instant t2 = t0.plusSeconds(9);

    @Test
    void noComponentsIsUp() {
        CabinetHealth h = Aggregation.aggregate(Map.of(), null, t0);
        assertThat(h.overall().state()).isEqualTo(HealthState.UP);
        assertThat(h.overall().reason()).isEmpty();
    }

    @Test
    void worstStateWinsAndEveryNonUpComponentIsNamedWorstFirst() {
        CabinetHealth h = Aggregation.aggregate(Map.of(
                "link.wired", Health.down("no answer from 3 targets", t0),
                "link.cellular", Health.up(t0),
                "raid.md0", Health.degraded("rebuilding 40 %", t0)), null, t1);
        assertThat(h.overall().state()).isEqualTo(HealthState.DOWN);
        assertThat(h.overall().reason())
                .isEqualTo("link.wired DOWN: no answer from 3 targets; raid.md0 DEGRADED: rebuilding 40 %");
        assertThat(h.components().keySet()).containsExactly("link.cellular", "link.wired", "raid.md0");
    }

    @Test
    void oneRefusedConfigurationIsDownInItsEntryAndDegradesTheCabinetOnly() {
        CabinetHealth h = Aggregation.aggregate(Map.of(
                "config:org.cabinetgw.power.meter~ups", Health.down("configuration refused: pollIntervalMs = 5", t0),
                "config:org.cabinetgw.power.meter~mains", Health.down("configuration refused: port = 0", t0),
                "uplink", Health.up(t0)), null, t1);
        assertThat(h.overall().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(h.components().get("config:org.cabinetgw.power.meter~ups").state()).isEqualTo(HealthState.DOWN);
        assertThat(h.overall().reason()).contains("config:org.cabinetgw.power.meter~ups DOWN: configuration refused: "
                + "pollIntervalMs = 5").contains("config:org.cabinetgw.power.meter~mains DOWN");

        CabinetHealth withARealOutage = Aggregation.aggregate(Map.of(
                "config:org.cabinetgw.power.meter~ups", Health.down("configuration refused", t0),
                "uplink", Health.down("no broker", t0)), null, t1);
        assertThat(withARealOutage.overall().state()).isEqualTo(HealthState.DOWN);
    }

    @Test
    void aMeterThatAnswersNothingIsDownInItsEntryAndDegradesTheCabinetOnly() {
        CabinetHealth h = Aggregation.aggregate(Map.of(
                "power.meter.feeder-a", Health.down("meter feeder-a has answered nothing for 10 s or more", t0),
                "uplink", Health.up(t0)), null, t1);
        assertThat(h.overall().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(h.components().get("power.meter.feeder-a").state()).isEqualTo(HealthState.DOWN);
        assertThat(h.overall().reason()).contains("power.meter.feeder-a DOWN: meter feeder-a has answered nothing");
    }

    @Test
    void aReasonQuotingAnotherEntryDoesNotRepeatIt() {
        CabinetHealth h = Aggregation.aggregate(Map.of(
                "uplink", Health.degraded("MQTT not connected", t0),
                "failover.cabinet", Health.degraded("single link (cellular); uplink DEGRADED: MQTT not connected", t0)),
                null, t1);
        assertThat(h.overall().reason())
                .isEqualTo("failover.cabinet DEGRADED: single link (cellular); uplink DEGRADED: MQTT not connected");
        assertThat(h.components().get("failover.cabinet").reason()).as("the entry itself keeps its words")
                .contains("uplink DEGRADED");
        CabinetHealth onlyQuotes = Aggregation.aggregate(Map.of(
                "uplink", Health.degraded("MQTT not connected", t0),
                "failover.cabinet", Health.degraded("uplink DEGRADED: MQTT not connected", t0)), null, t1);
        assertThat(onlyQuotes.overall().reason())
                .isEqualTo("failover.cabinet DEGRADED; uplink DEGRADED: MQTT not connected");
    }

    @Test
    void sinceIsWhenTheStateBeganNotWhenTheReasonChanged() {
        CabinetHealth first = Aggregation.aggregate(Map.of("a", Health.degraded("x", t0)), null, t0);
        CabinetHealth second = Aggregation.aggregate(Map.of("a", Health.degraded("y", t1)), first, t1);
        assertThat(second.overall().since()).isEqualTo(t0);
        assertThat(second.overall().reason()).isEqualTo("a DEGRADED: y");

        CabinetHealth third = Aggregation.aggregate(Map.of("a", Health.up(t2)), second, t2);
        assertThat(third.overall().state()).isEqualTo(HealthState.UP);
        assertThat(third.overall().since()).isEqualTo(t2);
    }

    @Test
    void twoEntriesUnderOneNameAreOneWithBothReasonsAndTheWorseState() {
        Health metatype = Health.down("configuration refused: failover.seconds = -5: below 1 ('Seconds')", t1);
        Health component = Health.down("configuration refused: failover.seconds = -5 is out of range; allowed 1..3600",
                t0);
        Health both = Aggregation.combine(metatype, component);
        assertThat(both.state()).isEqualTo(HealthState.DOWN);
        assertThat(both.reason()).isEqualTo("configuration refused: failover.seconds = -5: below 1 ('Seconds'); "
                + "failover.seconds = -5 is out of range; allowed 1..3600");
        assertThat(both.since()).isEqualTo(t0);
        assertThat(Aggregation.combine(component, component)).as("the same said once").isEqualTo(component);
        assertThat(Aggregation.combine(Health.degraded("x", t0), component)).isEqualTo(component);
    }
}
