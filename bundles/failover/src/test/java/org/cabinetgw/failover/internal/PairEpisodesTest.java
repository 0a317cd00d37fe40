package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.failover.internal.EpisodeTrackerTest.ms;
import static org.cabinetgw.failover.internal.EpisodeTrackerTest.p;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.Role;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.junit.jupiter.api.Test;

class PairEpisodesTest {

    static final Instant T0 = EpisodeTrackerTest.T0;

    final EpisodeTracker tracker = new EpisodeTracker();
    final Map<String, Episode> stored = new LinkedHashMap<>();
    final List<Episode> ended = new ArrayList<>();
    final List<Map<String, Object>> takeovers = new ArrayList<>();
    final List<Runnable> scheduled = new ArrayList<>();
    Instant now = T0;
    long delivered = 5;
    HaStatus pair = HardwareAssessmentTest.status(Role.STANDBY, Role.ACTIVE, true, org.cabinetgw.ha.WitnessState.REACHABLE);
    final PairEpisodes episodes = new PairEpisodes(tracker, () -> pair, this::snapshot, (ms, t) -> scheduled.add(t),
            changes -> changes.forEach(c -> {
                stored.put(c.episode().id(), c.episode());
                if (c.ended()) {
                    ended.add(c.episode());
                }
            }), (topic, p) -> {
                if (topic.equals(FailoverEvents.TAKEOVER)) {
                    takeovers.add(p);
                }
            }, () -> now);

    UplinkSnapshot snapshot() {
        return new UplinkSnapshot(TransportKind.NONE, T0, false, 0, 0, 0, delivered, 0, 0, 0, 0, 0);
    }

    void runScheduled() {
        List<Runnable> due = List.copyOf(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void theTakeoverEpisodeSaysHowManyMessagesWereReplayed() {
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "witness", HaEvents.EPOCH, 8L,
                HaEvents.LAST_HEARD, ms(0), HaEvents.DECLARED_DEAD, ms(85), HaEvents.CONFIRMED, ms(290)),
                T0.plusMillis(300));
        episodes.accept(HaEvents.REPLAYED, p(HaEvents.COUNT, 37L, HaEvents.REFUSED, 2L), T0.plusMillis(305));
        delivered = 6;
        now = T0.plusMillis(420);
        runScheduled();
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).actions()).extracting(EpisodeAction::what).contains("37 message(s) the old active had"
                + " accepted and the cloud had not acknowledged replayed with their ids, 2 refused by the uplink (kept in"
                + " the replica) (+305 ms)");
        // an election at start is no episode, and its (empty) replay adds none
        episodes.accept(HaEvents.REPLAYED, p(HaEvents.COUNT, 0L, HaEvents.REFUSED, 0L), T0.plusMillis(900));
        assertThat(stored).hasSize(1);
    }

    @Test
    void aTakeoverIsOneEpisodeWithEveryTiming() {
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0.plusMillis(300));
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "witness", HaEvents.EPOCH, 8L,
                HaEvents.LAST_HEARD, ms(0), HaEvents.DECLARED_DEAD, ms(85), HaEvents.CONFIRMED, ms(290)),
                T0.plusMillis(300));
        now = T0.plusMillis(310);
        runScheduled(); // nothing acknowledged yet: it asks again
        assertThat(ended).isEmpty();
        assertThat(scheduled).hasSize(1);
        episodes.accept(UplinkEvents.TRANSPORT_SWITCHED, p(UplinkEvents.FROM, "NONE", UplinkEvents.TO, "MQTT"),
                T0.plusMillis(380));
        delivered = 6;
        now = T0.plusMillis(420);
        runScheduled();

        assertThat(ended).hasSize(1);
        Episode e = ended.get(0);
        assertThat(e.dimension()).isEqualTo(Dimension.HARDWARE);
        assertThat(e.what()).isEqualTo("active gateway gw-b lost");
        assertThat(e.firstSeen()).isEqualTo(T0);
        assertThat(e.declared()).isEqualTo(T0.plusMillis(85));
        assertThat(e.restored()).isEqualTo(T0.plusMillis(420));
        assertThat(e.outcome()).isEqualTo("taken over");
        assertThat(e.actions()).extracting(EpisodeAction::what).containsExactly(
                "declared dead: silent on every heartbeat path for 85 ms",
                "the witness confirmed the peer is not acting (+290 ms)",
                "this node ACTIVE, epoch 8 (+300 ms)",
                "uplink MQTT transport up (+380 ms)",
                "first message acknowledged by the broker (+420 ms)");
        assertThat(takeovers).hasSize(1);
        Map<String, Object> t = takeovers.get(0);
        assertThat(t).containsEntry(FailoverEvents.FIRST_SEEN, ms(0)).containsEntry(FailoverEvents.DECLARED, ms(85))
                .containsEntry(FailoverEvents.CONFIRMED, ms(290)).containsEntry(FailoverEvents.ACTIVE, ms(300))
                .containsEntry(FailoverEvents.COMPONENTS_UP, ms(380)).containsEntry(FailoverEvents.FIRST_ACK, ms(420))
                .containsEntry(FailoverEvents.TAKEOVER_MILLIS, 420L).containsEntry(FailoverEvents.CAUSE, "witness")
                .containsEntry(FailoverEvents.EPISODE, e.id());
        assertThat(scheduled).isEmpty();
    }

    @Test
    void noAcknowledgementInTimeStillEndsTheEpisode() {
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "policy", HaEvents.EPOCH, 3L,
                HaEvents.LAST_HEARD, ms(0), HaEvents.DECLARED_DEAD, ms(80), HaEvents.CONFIRMED, ms(80)), T0.plusMillis(81));
        now = T0.plus(PairEpisodes.ACK_WAIT).plusSeconds(1);
        runScheduled();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("taken over; no message acknowledged by the broker within 60 s");
            assertThat(e.restored()).isEqualTo(T0.plusMillis(81));
        });
        assertThat(takeovers.get(0)).doesNotContainKey(FailoverEvents.FIRST_ACK).containsEntry(FailoverEvents.TAKEOVER_MILLIS, 81L);
    }

    @Test
    void anElectionAtStartIsNoEpisode() {
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.CAUSE, "election", HaEvents.EPOCH, 1L), T0);
        assertThat(stored).isEmpty();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void bothPathsCutWithoutTakeoverEndsWhenThePeerIsBack() {
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(80));
        episodes.accept(HaEvents.PEER_BACK, p(HaEvents.PEER, "gw-b", HaEvents.PEER_ROLE, "ACTIVE"), T0.plusSeconds(30));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("no takeover: the peer was acting");
            assertThat(e.outage()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(30));
        });
    }

    @Test
    void theActiveRecordsItsStandbyMissingUntilBack() {
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0);
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(1000)), T0.plusMillis(1080));
        assertThat(tracker.openEpisodes()).singleElement()
                .satisfies(e -> assertThat(e.what()).isEqualTo("standby gateway gw-b"));
        // the PEER_BACK event was missed (the coordinator away): the pair's status closes it
        pair = HardwareAssessmentTest.status(Role.ACTIVE, Role.STANDBY, true, org.cabinetgw.ha.WitnessState.REACHABLE);
        episodes.reconcile(pair, T0.plusSeconds(9));
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.restored()).isEqualTo(T0.plusSeconds(9)));
    }

    @Test
    void aDemotionIsRecordedWithItsReason() {
        episodes.accept(HaEvents.DEMOTED, p(HaEvents.EPOCH, 7L, HaEvents.PEER_EPOCH, 8L, HaEvents.REASON,
                "the peer gw-b holds the higher epoch 8 (ours 7)"), T0);
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo("this gateway stopped acting");
            assertThat(e.actions().get(0).what()).isEqualTo(
                    "demoted at epoch 7 (the peer's epoch 8): the peer gw-b holds the higher epoch 8 (ours 7)");
        });
    }

    @Test
    void hostileEventPropertiesAreTakenAsAbsent() {
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "KING"), T0);
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, 42, HaEvents.LAST_HEARD, "yesterday"), T0);
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.CAUSE, "witness", HaEvents.LAST_HEARD, -5L), T0);
        assertThat(tracker.openEpisodes()).singleElement().satisfies(e -> assertThat(e.firstSeen()).isEqualTo(T0));
    }
}
