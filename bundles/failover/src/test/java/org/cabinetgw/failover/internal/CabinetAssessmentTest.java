package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.LinkType;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CabinetAssessmentTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    final CabinetAssessment assessment = new CabinetAssessment(300);

    /** A builder for inputs: start from a healthy cabinet with every capability and change one thing. */
    static final class In {
        Map<String, Health> components = new HashMap<>();
        PowerStatus power = power(PowerState.ON_MAINS);
        Double runtime = 1800.0;
        List<LinkStatus> links = new ArrayList<>(List.of(link("wired", LinkType.WIRED, 1, false, LinkState.UP),
                link("cellular", LinkType.CELLULAR, 2, true, LinkState.UP)));
        String active = "wired";
        UplinkSnapshot uplink = uplink(TransportKind.MQTT);
        StorageView storage = new StorageView();
        List<String> deadlocked = List.of();
        DrillKind drill;
        boolean uplinkHeld;

        AssessmentInput build() {
            return new AssessmentInput(components, power, runtime, links, active, uplink, storage.snapshot(), deadlocked,
                    drill, List.of(), uplinkHeld);
        }
    }

    static PowerStatus power(PowerState s) {
        // the sources as the power component reports them in that state
        Map<MeterRole, SourceState> sources = switch (s) {
            case ON_MAINS -> Map.of(MeterRole.MAINS, SourceState.AVAILABLE, MeterRole.GENERATOR, SourceState.LOST);
            case ON_GENERATOR -> Map.of(MeterRole.MAINS, SourceState.LOST, MeterRole.GENERATOR, SourceState.AVAILABLE);
            case ON_UPS_BATTERY, BATTERY_LOW -> Map.of(MeterRole.MAINS, SourceState.LOST, MeterRole.GENERATOR, SourceState.LOST);
            case UNKNOWN -> Map.of(MeterRole.MAINS, SourceState.UNKNOWN, MeterRole.GENERATOR, SourceState.LOST);
        };
        return new PowerStatus(s, T0, sources, Optional.empty(), Optional.empty());
    }

    static LinkStatus link(String name, LinkType type, int prio, boolean metered, LinkState state) {
        return new LinkStatus(name, type, name + "0", prio, metered, state, "", T0, 0, 20);
    }

    static UplinkSnapshot uplink(TransportKind t) {
        return new UplinkSnapshot(t, T0, false, 7, 700, 0, 0, 0, 0, 0, 0, 0);
    }

    List<Finding> findings(In in) {
        return assessment.findings(in.build());
    }

    CabinetState state(In in) {
        return CabinetAssessment.next(null, findings(in), T0).state();
    }

    List<String> phrases(In in) {
        return findings(in).stream().map(Finding::phrase).toList();
    }

    @Test
    void aHealthyCabinetIsNormalWithNothingLost() {
        In in = new In();
        assertThat(findings(in)).isEmpty();
        assertThat(state(in)).isEqualTo(CabinetState.NORMAL);
    }

    @Test
    void aCabinetWithoutAnyCapabilityIsNormal() {
        In in = new In();
        in.power = null;
        in.runtime = null;
        in.links = List.of();
        in.active = null;
        in.uplink = null;
        assertThat(findings(in)).isEmpty();
    }

    @Test
    void wiredDownLeavesASingleMeteredLink() {
        In in = new In();
        in.links.set(0, link("wired", LinkType.WIRED, 1, false, LinkState.DOWN));
        in.active = "cellular";
        assertThat(phrases(in)).containsExactly("single link (cellular, metered)");
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);
        assertThat(findings(in).get(0).dimension()).isEqualTo(Dimension.NETWORK);
    }

    @Test
    void aLinkNamedOtherThanItsTypeNamesBoth() {
        In in = new In();
        in.links = List.of(link("fiber", LinkType.WIRED, 1, false, LinkState.HELD_DOWN),
                link("lte0", LinkType.CELLULAR, 2, true, LinkState.DEGRADED));
        in.active = "lte0";
        assertThat(phrases(in)).contains("single link (lte0, cellular, metered)", "link lte0 degraded");
    }

    @Test
    void noUsableLinkIsCritical() {
        In in = new In();
        in.links = List.of(link("wired", LinkType.WIRED, 1, false, LinkState.DOWN),
                link("cellular", LinkType.CELLULAR, 2, true, LinkState.DOWN));
        in.active = null;
        assertThat(phrases(in)).containsExactly("no link up (wired DOWN, cellular DOWN)");
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);
    }

    @Test
    void aSingleConfiguredLinkThatIsUpHasLostNothing() {
        In in = new In();
        in.links = List.of(link("wired", LinkType.WIRED, 1, false, LinkState.UP));
        assertThat(findings(in)).isEmpty();
    }

    @Test
    void trafficNotYetBackOnThePreferredLinkIsNamed() {
        In in = new In();
        in.active = "cellular";
        assertThat(phrases(in)).containsExactly("traffic on cellular while wired waits for fail-back");
    }

    @Test
    void onUpsBatteryWithRuntimeLeft() {
        In in = new In();
        in.power = power(PowerState.ON_UPS_BATTERY);
        in.runtime = 4 * 60 + 30.0;
        // 270 s left is below the 300 s critical runtime
        assertThat(phrases(in)).containsExactly("on UPS battery, 4 min left");
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);

        in.runtime = 1500.0;
        assertThat(phrases(in)).containsExactly("on UPS battery, 25 min left");
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);

        in.runtime = null;
        assertThat(phrases(in)).containsExactly("on UPS battery, runtime left unknown");
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);

        in.runtime = 45.0;
        assertThat(phrases(in)).containsExactly("on UPS battery, 45 s left");
    }

    @Test
    void batteryLowIsCriticalAndGeneratorDegraded() {
        In in = new In();
        in.power = power(PowerState.BATTERY_LOW);
        in.runtime = 120.0;
        assertThat(phrases(in)).containsExactly("UPS battery low, 2 min left");
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);

        in.power = power(PowerState.ON_GENERATOR);
        assertThat(phrases(in)).containsExactly("on generator (mains lost)");
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);

        in.power = power(PowerState.UNKNOWN);
        assertThat(phrases(in)).containsExactly("power source unknown (mains meter silent, generator stopped)");
    }

    @Test
    void aSilentMainsMeterWithTheGeneratorLiveIsUnknownNotAnOutage() {
        In in = new In();
        in.power = new PowerStatus(PowerState.UNKNOWN, T0, Map.of(MeterRole.MAINS, SourceState.UNKNOWN,
                MeterRole.GENERATOR, SourceState.AVAILABLE), Optional.empty(), Optional.empty());
        assertThat(phrases(in)).containsExactly("power source unknown (mains meter silent, generator live)");
        in.power = new PowerStatus(PowerState.ON_GENERATOR, T0, Map.of(MeterRole.GENERATOR, SourceState.AVAILABLE),
                Optional.empty(), Optional.empty());
        assertThat(phrases(in)).containsExactly("on generator (no mains meter)");
    }

    @Test
    void aDegradedMainsFeedIsAFindingWithTheValueAndTheBand() {
        In in = new In();
        in.power = new PowerStatus(PowerState.ON_MAINS, T0, Map.of(MeterRole.MAINS, SourceState.DEGRADED),
                Optional.empty(), Optional.empty());
        in.components.put("power", Health.degraded("on mains, degraded: frequency 47.00 Hz outside 49.00-51.00 Hz", T0));
        assertThat(findings(in)).singleElement().satisfies(f -> {
            assertThat(f.dimension()).isEqualTo(Dimension.POWER);
            assertThat(f.severity()).isEqualTo(CabinetState.DEGRADED);
            assertThat(f.phrase()).isEqualTo("on mains, degraded: frequency 47.00 Hz outside 49.00-51.00 Hz");
        });
        in.components.remove("power"); // no health to quote: still a finding
        assertThat(phrases(in)).containsExactly("on mains, degraded (out of band)");
    }

    @Test
    void hostileRuntimeValuesDoNotBreakThePhrase() {
        assertThat(CabinetAssessment.runtime(Double.NaN)).isEqualTo("runtime left unknown");
        assertThat(CabinetAssessment.runtime(-5.0)).isEqualTo("runtime left unknown");
        assertThat(CabinetAssessment.runtime(Double.POSITIVE_INFINITY)).endsWith("min left");
    }

    @Test
    void uplinkOnHttpFallbackAndWithoutTransport() {
        In in = new In();
        in.uplink = uplink(TransportKind.HTTP);
        assertThat(phrases(in)).containsExactly("uplink on HTTP fallback");
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);
        in.uplink = uplink(TransportKind.NONE);
        assertThat(phrases(in)).containsExactly("uplink has no working transport (7 messages queued)");
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);
    }

    @Test
    void aPairMemberThatDoesNotActHasItsUplinkHeldByDesignNotLost() {
        In in = new In();
        in.uplink = uplink(TransportKind.NONE);
        in.components.put("uplink", new Health(HealthState.DEGRADED, "starting: waiting for the configured MQTT transport",
                T0));
        in.uplinkHeld = true;
        assertThat(findings(in)).as("a standby's uplink waits for cabinetgw.active").isEmpty();
        assertThat(state(in)).isEqualTo(CabinetState.NORMAL);
        in.components.put("link.wired", new Health(HealthState.DOWN, "no carrier", T0));
        assertThat(phrases(in)).as("the rest of the cabinet is still assessed").containsExactly("link.wired DOWN: no carrier");
        in.uplinkHeld = false;
        assertThat(phrases(in)).as("the same on a node that acts").contains("uplink has no working transport (7 messages queued)");
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);
    }

    @Test
    void raidDegradedWithoutSpareThenRebuildingThenWhole() {
        In in = new In();
        in.storage.accept(StorageEvents.NEW_ARRAY, Map.of(StorageEvents.ARRAY, "md0", StorageEvents.RAID_DEVICES, 2,
                StorageEvents.WORKING_DEVICES, 2));
        assertThat(findings(in)).isEmpty();
        in.storage.accept(StorageEvents.FAIL, Map.of(StorageEvents.ARRAY, "md0", StorageEvents.MEMBER, "sdb1",
                StorageEvents.RAID_DEVICES, 2, StorageEvents.WORKING_DEVICES, 1));
        assertThat(phrases(in)).containsExactly("RAID md0 degraded, no spare");
        assertThat(findings(in).get(0).dimension()).isEqualTo(Dimension.STORAGE);
        in.storage.accept(StorageEvents.REBUILD_STARTED, Map.of(StorageEvents.ARRAY, "md0"));
        in.storage.accept(StorageEvents.REBUILD_PROGRESS, Map.of(StorageEvents.ARRAY, "md0", StorageEvents.PERCENT, 40));
        assertThat(phrases(in)).containsExactly("RAID md0 degraded, rebuilding 40%");
        in.storage.accept(StorageEvents.REBUILD_FINISHED, Map.of(StorageEvents.ARRAY, "md0"));
        in.storage.accept(StorageEvents.SPARE_ACTIVE, Map.of(StorageEvents.ARRAY, "md0", StorageEvents.RAID_DEVICES, 2,
                StorageEvents.WORKING_DEVICES, 2));
        assertThat(findings(in)).isEmpty();
        in.storage.accept(StorageEvents.DEVICE_DISAPPEARED, Map.of(StorageEvents.ARRAY, "md0"));
        assertThat(phrases(in)).containsExactly("RAID md0 disappeared");
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);
    }

    @Test
    void filesystemReadOnlyIsCriticalLowSpaceDegraded() {
        In in = new In();
        in.storage.accept(StorageEvents.FILESYSTEM_ALARM, Map.of(StorageEvents.NAME, "data", StorageEvents.ALARM, "LOW_SPACE"));
        in.storage.accept(StorageEvents.DISK_ALARM, Map.of(StorageEvents.NAME, "sda", StorageEvents.ALARM, "SMART_FAILED"));
        assertThat(phrases(in)).containsExactly("disk sda smart failed", "filesystem data low space");
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);
        in.storage.accept(StorageEvents.FILESYSTEM_ALARM, Map.of(StorageEvents.NAME, "data", StorageEvents.ALARM, "READ_ONLY"));
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);
        in.storage.accept(StorageEvents.FILESYSTEM_ALARM_CLEARED, Map.of(StorageEvents.NAME, "data"));
        in.storage.accept(StorageEvents.DISK_ALARM_CLEARED, Map.of(StorageEvents.NAME, "sda"));
        assertThat(findings(in)).isEmpty();
    }

    @Test
    void componentHealthCountsOnlyWhereNoStructuredSourceSpoke() {
        In in = new In();
        in.components.put("link.wired", Health.down("all probes silent", T0));
        in.components.put("power.meter.ups", Health.down("Modbus timeout", T0));
        in.components.put("webcam", Health.degraded("low frame rate", T0));
        in.components.put("ha.pair", Health.degraded("standby gateway missing", T0));
        in.links.set(0, link("wired", LinkType.WIRED, 1, false, LinkState.DOWN));
        in.active = "cellular";
        assertThat(phrases(in)).containsExactly(
                "power.meter.ups DOWN: Modbus timeout",       // power says ON_MAINS: the silent meter is news
                "single link (cellular, metered)",            // link.wired DOWN is the same fault: not named twice
                "standby gateway missing",
                "webcam DEGRADED: low frame rate");
        assertThat(findings(in)).extracting(Finding::dimension).containsExactly(Dimension.POWER, Dimension.NETWORK,
                Dimension.HARDWARE, Dimension.SOFTWARE);
    }

    @Test
    void severalDimensionsAtOnceTakeTheWorst() {
        In in = new In();
        in.power = power(PowerState.ON_GENERATOR);
        in.uplink = uplink(TransportKind.HTTP);
        in.links.set(1, link("cellular", LinkType.CELLULAR, 2, true, LinkState.DOWN));
        assertThat(state(in)).isEqualTo(CabinetState.DEGRADED);
        assertThat(phrases(in)).containsExactly("on generator (mains lost)", "single link (wired)", "uplink on HTTP fallback");
        in.power = power(PowerState.BATTERY_LOW);
        assertThat(state(in)).isEqualTo(CabinetState.CRITICAL);
        CabinetStatus s = CabinetAssessment.next(null, findings(in), T0);
        assertThat(s.lostByDimension()).containsOnlyKeys(Dimension.POWER, Dimension.NETWORK, Dimension.UPLINK);
        assertThat(s.summary()).isEqualTo("UPS battery low, 30 min left; single link (wired); uplink on HTTP fallback");
    }

    @Test
    void deadlocksAreASoftwareFinding() {
        In in = new In();
        in.deadlocked = List.of("a (waiting for x held by b)", "b (waiting for y held by a)");
        assertThat(findings(in)).singleElement().satisfies(f -> {
            assertThat(f.dimension()).isEqualTo(Dimension.SOFTWARE);
            assertThat(f.phrase()).startsWith("deadlocked threads: a (waiting");
        });
    }

    @Test
    void aDrillNamesTheFaultItProvoked() {
        In in = new In();
        in.links.set(0, link("wired", LinkType.WIRED, 1, false, LinkState.HELD_DOWN));
        in.active = "cellular";
        in.drill = DrillKind.LINK;
        assertThat(phrases(in)).containsExactly("single link (cellular, metered) (drill)");
        in.drill = DrillKind.UPLINK;
        in.links.set(0, link("wired", LinkType.WIRED, 1, false, LinkState.UP));
        in.active = "wired";
        in.uplink = uplink(TransportKind.HTTP);
        assertThat(phrases(in)).containsExactly("uplink on HTTP fallback (drill)");
    }

    @Test
    void sinceIsKeptWhileTheStateIsTheSame() {
        In in = new In();
        in.power = power(PowerState.ON_GENERATOR);
        CabinetStatus first = CabinetAssessment.next(null, findings(in), T0);
        in.uplink = uplink(TransportKind.HTTP);
        CabinetStatus second = CabinetAssessment.next(first, findings(in), T0.plus(Duration.ofMinutes(1)));
        assertThat(second.since()).isEqualTo(T0);
        assertThat(second.findings()).hasSize(2);
        in.power = power(PowerState.BATTERY_LOW);
        CabinetStatus third = CabinetAssessment.next(second, findings(in), T0.plus(Duration.ofMinutes(2)));
        assertThat(third.since()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }

    @ParameterizedTest
    @EnumSource(PowerState.class)
    void everyPowerStateGivesAtMostOneFinding(PowerState s) {
        In in = new In();
        in.power = power(s);
        assertThat(findings(in)).hasSizeLessThanOrEqualTo(1).allMatch(f -> f.dimension() == Dimension.POWER);
        assertThat(state(in) == CabinetState.NORMAL).isEqualTo(s == PowerState.ON_MAINS);
    }

    @Test
    void componentNamesMapToDimensions() {
        assertThat(CabinetAssessment.dimensionOf("power.meter.mains")).isEqualTo(Dimension.POWER);
        assertThat(CabinetAssessment.dimensionOf("link.wired")).isEqualTo(Dimension.NETWORK);
        assertThat(CabinetAssessment.dimensionOf("cellular.lte")).isEqualTo(Dimension.NETWORK);
        assertThat(CabinetAssessment.dimensionOf("network.manager")).isEqualTo(Dimension.NETWORK);
        assertThat(CabinetAssessment.dimensionOf("storage.raid.md0")).isEqualTo(Dimension.STORAGE);
        assertThat(CabinetAssessment.dimensionOf("uplink")).isEqualTo(Dimension.UPLINK);
        assertThat(CabinetAssessment.dimensionOf("ha.pair")).isEqualTo(Dimension.HARDWARE);
        assertThat(CabinetAssessment.dimensionOf("config:org.x")).isEqualTo(Dimension.SOFTWARE);
        assertThat(CabinetAssessment.dimensionOf("powerful")).isEqualTo(Dimension.SOFTWARE);
    }
}
