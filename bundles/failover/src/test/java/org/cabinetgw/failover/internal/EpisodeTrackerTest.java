package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.uplink.UplinkEvents;
import org.junit.jupiter.api.Test;

class EpisodeTrackerTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    final EpisodeTracker tracker = new EpisodeTracker();

    static Map<String, Object> p(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static long ms(int offset) {
        return T0.toEpochMilli() + offset;
    }

    @Test
    void aMainsOutageFromFirstSeenToBackOnMains() {
        List<EpisodeTracker.Change> c = tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_UPS_BATTERY",
                PowerEvents.PREVIOUS_STATE, "ON_MAINS", PowerEvents.SINCE, ms(0), PowerEvents.TIMESTAMP, ms(2000)), T0, null);
        assertThat(c).hasSize(2);
        assertThat(c.get(0).started()).isTrue();
        tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_GENERATOR", PowerEvents.TIMESTAMP, ms(15000)), T0, null);
        tracker.accept(PowerEvents.TRANSFER, p(PowerEvents.TO, "ON_GENERATOR", PowerEvents.DURATION_MS, 15000L,
                PowerEvents.TIMESTAMP, ms(15000)), T0, null);
        c = tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_MAINS", PowerEvents.TIMESTAMP, ms(600000)), T0,
                null);
        assertThat(c).singleElement().satisfies(x -> assertThat(x.ended()).isTrue());
        Episode e = c.get(0).episode();
        assertThat(e.dimension()).isEqualTo(Dimension.POWER);
        assertThat(e.what()).isEqualTo("mains");
        assertThat(e.firstSeen()).isEqualTo(T0);
        assertThat(e.declared()).isEqualTo(T0.plusMillis(2000));
        assertThat(e.actions()).extracting(EpisodeAction::what).containsExactly("on UPS battery", "on generator",
                "transferred to generator in 15000 ms");
        assertThat(e.outage()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(600000));
        assertThat(e.outcome()).isEqualTo("restored");
        assertThat(tracker.openEpisodes()).isEmpty();
    }

    @Test
    void aLinkFailoverWithItsTimingsUntilFailBack() {
        tracker.accept(NetworkEvents.SWITCHED, p(NetworkEvents.LINK, "cellular", NetworkEvents.PREVIOUS_LINK, "wired",
                NetworkEvents.CAUSE, "FAILOVER", NetworkEvents.FAULT_FIRST_SEEN, ms(0), NetworkEvents.DECLARED_DOWN, ms(3000),
                NetworkEvents.ROUTE_SWITCHED, ms(3050)), T0, null);
        List<EpisodeTracker.Change> c = tracker.accept(NetworkEvents.SWITCHED, p(NetworkEvents.LINK, "wired",
                NetworkEvents.PREVIOUS_LINK, "cellular", NetworkEvents.CAUSE, "FAILBACK", NetworkEvents.ROUTE_SWITCHED, ms(90000)),
                T0, null);
        Episode e = c.get(0).episode();
        assertThat(e.what()).isEqualTo("link wired");
        assertThat(e.detection()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(3000));
        assertThat(e.toFirstAction()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(3050));
        assertThat(e.actions().get(0).what()).isEqualTo("route switched to cellular");
        assertThat(e.outage()).hasValueSatisfying(d -> assertThat(d.toMillis()).isEqualTo(90000));
    }

    @Test
    void mqttLostToHttpUntilMqttAgain() {
        tracker.accept(UplinkEvents.TRANSPORT_SWITCHED, p(UplinkEvents.FROM, "MQTT", UplinkEvents.TO, "HTTP",
                UplinkEvents.REASON, "broker unreachable"), T0, "drill");
        List<EpisodeTracker.Change> c = tracker.accept(UplinkEvents.TRANSPORT_SWITCHED, p(UplinkEvents.FROM, "HTTP",
                UplinkEvents.TO, "MQTT"), T0.plusSeconds(30), null);
        Episode e = c.get(0).episode();
        assertThat(e.what()).isEqualTo("transport MQTT (drill)");
        assertThat(e.actions()).extracting(EpisodeAction::what).containsExactly("MQTT lost: broker unreachable",
                "switched to HTTP");
        assertThat(e.outage()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(30));
    }

    @Test
    void malformedEventsOpenNothing() {
        assertThat(tracker.accept(PowerEvents.STATE_CHANGED, p(), T0, null)).isEmpty();
        assertThat(tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, 7), T0, null)).isEmpty();
        assertThat(tracker.accept(NetworkEvents.SWITCHED, p(NetworkEvents.CAUSE, "FAILOVER"), T0, null)).isEmpty();
        assertThat(tracker.accept(UplinkEvents.TRANSPORT_SWITCHED, p(UplinkEvents.TO, "HTTP"), T0, null)).isEmpty();
        assertThat(tracker.accept("org/cabinetgw/power/STATE_CHANGED", p(PowerEvents.STATE, "ON_MAINS"), T0, null)).isEmpty();
        assertThat(tracker.openEpisodes()).isEmpty();
    }

    @Test
    void anOpenEpisodeFromHistoryIsContinuedAfterARestart() {
        List<EpisodeTracker.Change> c = tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_GENERATOR",
                PowerEvents.TIMESTAMP, ms(0)), T0, null);
        Episode open = c.get(c.size() - 1).episode();
        EpisodeTracker next = new EpisodeTracker();
        next.resume(List.of(open));
        c = next.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_MAINS", PowerEvents.TIMESTAMP, ms(5000)), T0, null);
        assertThat(c).singleElement().satisfies(x -> {
            assertThat(x.episode().id()).isEqualTo(open.id());
            assertThat(x.ended()).isTrue();
        });
    }

    @Test
    void episodesWhoseEndWasMissedAreClosedFromWhatTheCapabilitiesSayNow() {
        tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_GENERATOR", PowerEvents.TIMESTAMP, ms(0)), T0, null);
        tracker.accept(NetworkEvents.SWITCHED, p(NetworkEvents.LINK, "cellular", NetworkEvents.PREVIOUS_LINK, "wired",
                NetworkEvents.CAUSE, "FAILOVER", NetworkEvents.ROUTE_SWITCHED, ms(10)), T0, null);
        tracker.accept(UplinkEvents.TRANSPORT_SWITCHED, p(UplinkEvents.FROM, "MQTT", UplinkEvents.TO, "HTTP"), T0, null);
        List<EpisodeTracker.Change> none = tracker.reconcile(null, null, null, Map.of(), T0.plusSeconds(60));
        assertThat(none).as("capabilities absent: nothing is known, nothing is closed").isEmpty();
        assertThat(tracker.reconcile(org.cabinetgw.power.PowerState.ON_GENERATOR, "cellular",
                org.cabinetgw.uplink.TransportKind.HTTP, Map.of(), T0.plusSeconds(60))).isEmpty();

        List<EpisodeTracker.Change> c = tracker.reconcile(org.cabinetgw.power.PowerState.ON_MAINS, "wired",
                org.cabinetgw.uplink.TransportKind.MQTT, Map.of(), T0.plusSeconds(120));
        assertThat(c).hasSize(3).allMatch(EpisodeTracker.Change::ended)
                .allMatch(x -> x.episode().restored().equals(T0.plusSeconds(120)));
        assertThat(tracker.openEpisodes()).isEmpty();
    }

    @Test
    void raidEpisodeFromDegradedToWhole() {
        StorageView.ArrayState whole = new StorageView.ArrayState("md0", 2, 2, 0, false, 0, false);
        StorageView.ArrayState degraded = new StorageView.ArrayState("md0", 2, 1, 0, false, 0, false);
        StorageView.ArrayState rebuilding = new StorageView.ArrayState("md0", 2, 1, 0, true, 10, false);
        assertThat(tracker.raid(null, whole, T0)).isEmpty();
        assertThat(tracker.raid(whole, degraded, T0)).singleElement().satisfies(x -> assertThat(x.started()).isTrue());
        tracker.raid(degraded, rebuilding, T0.plusSeconds(60));
        List<EpisodeTracker.Change> c = tracker.raid(rebuilding, whole, T0.plusSeconds(3600));
        assertThat(c.get(0).episode().what()).isEqualTo("RAID md0");
        assertThat(c.get(0).episode().actions()).extracting(EpisodeAction::what).containsExactly("rebuild started");
        assertThat(c.get(0).ended()).isTrue();
    }

    static org.cabinetgw.power.PowerStatus status(String state, Map<org.cabinetgw.power.MeterRole, org.cabinetgw.power.SourceState> sources) {
        return new org.cabinetgw.power.PowerStatus(org.cabinetgw.power.PowerState.valueOf(state), T0, sources,
                java.util.Optional.empty(), java.util.Optional.empty());
    }

    @Test
    void aUpsTestingItselfWithMainsInBandOpensNoMainsEpisode() {
        tracker.judgeMainsBy(status("ON_UPS_BATTERY", Map.of(org.cabinetgw.power.MeterRole.MAINS,
                org.cabinetgw.power.SourceState.AVAILABLE)));
        assertThat(tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_UPS_BATTERY", PowerEvents.SINCE,
                ms(0), PowerEvents.TIMESTAMP, ms(500)), T0, null)).isEmpty();
        assertThat(tracker.accept(PowerEvents.UPS_BRIDGED, p(PowerEvents.DURATION_MS, 10000L), T0, null)).isEmpty();
        assertThat(tracker.openEpisodes()).isEmpty();
    }

    @Test
    void aSilentMainsMeterWithTheGeneratorLiveOpensNoMainsEpisode() {
        tracker.judgeMainsBy(status("UNKNOWN", Map.of(org.cabinetgw.power.MeterRole.MAINS,
                org.cabinetgw.power.SourceState.UNKNOWN, org.cabinetgw.power.MeterRole.GENERATOR,
                org.cabinetgw.power.SourceState.AVAILABLE)));
        assertThat(tracker.accept(PowerEvents.SOURCE_CHANGED, p(PowerEvents.ROLE, "MAINS", PowerEvents.STATE, "UNKNOWN"),
                T0, null)).isEmpty();
        assertThat(tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "UNKNOWN"), T0, null)).isEmpty();
        assertThat(tracker.mainsLost(status("UNKNOWN", Map.of(org.cabinetgw.power.MeterRole.MAINS,
                org.cabinetgw.power.SourceState.UNKNOWN)), T0)).isEmpty();
        assertThat(tracker.openEpisodes()).isEmpty();
    }

    @Test
    void theMainsMeterOpensTheEpisodeWithTheFirstReadingThatShowedTheLoss() {
        tracker.judgeMainsBy(status("ON_UPS_BATTERY", Map.of(org.cabinetgw.power.MeterRole.MAINS,
                org.cabinetgw.power.SourceState.AVAILABLE)));
        // the UPS's flag was decided first; the mains meter confirms the loss one evaluation later
        assertThat(tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_UPS_BATTERY"), T0, null)).isEmpty();
        List<EpisodeTracker.Change> c = tracker.accept(PowerEvents.SOURCE_CHANGED, p(PowerEvents.ROLE, "MAINS",
                PowerEvents.STATE, "LOST", PowerEvents.SINCE, ms(100), PowerEvents.TIMESTAMP, ms(700)), T0, null);
        assertThat(c).singleElement().satisfies(x -> {
            assertThat(x.started()).isTrue();
            assertThat(x.episode().what()).isEqualTo("mains");
            assertThat(x.episode().firstSeen()).isEqualTo(T0.plusMillis(100));
        });
    }

    @Test
    void withoutAMainsMeterTheUpsViewOpensTheEpisodeAndItsNameSaysSo() {
        tracker.judgeMainsBy(status("ON_UPS_BATTERY", Map.of()));
        List<EpisodeTracker.Change> c = tracker.accept(PowerEvents.STATE_CHANGED, p(PowerEvents.STATE, "ON_UPS_BATTERY"),
                T0, null);
        assertThat(c).first().satisfies(x -> assertThat(x.episode().what()).isEqualTo("mains (no mains meter: as the UPS says)"));
    }

    @Test
    void theStatusOpensTheMainsEpisodeWhenItsEventIsStillOnItsWay() {
        org.cabinetgw.power.PowerStatus lost = status("ON_UPS_BATTERY", Map.of(org.cabinetgw.power.MeterRole.MAINS,
                org.cabinetgw.power.SourceState.LOST));
        assertThat(tracker.mainsLost(lost, T0.plusSeconds(1))).singleElement().satisfies(x -> assertThat(x.started()).isTrue());
        assertThat(tracker.mainsLost(lost, T0.plusSeconds(2))).as("once").isEmpty();
        assertThat(tracker.accept(PowerEvents.SOURCE_CHANGED, p(PowerEvents.ROLE, "MAINS", PowerEvents.STATE, "LOST"), T0,
                null)).isEmpty();
    }
}
