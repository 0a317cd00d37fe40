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
            }, () -> now, SILENCE_EPISODE);

    /** pair.silence.episode.millis as shipped. */
    static final java.time.Duration SILENCE_EPISODE = java.time.Duration.ofSeconds(1);

    UplinkSnapshot snapshot() {
        return new UplinkSnapshot(TransportKind.NONE, T0, false, 0, 0, 0, delivered, 0, 0, 0, 0, 0);
    }

    /** pair.silence.episode.millis passes (the scheduled check runs; the test sets what the pair says then). */
    void silenceOutlastsTheMinimum() {
        runScheduled();
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
    void thePairShowingActiveBeforeTheTakeoverEventArrivesLeavesOneEpisode() {
        // ha's status is read directly, its TAKEOVER event comes later through Event Admin: an assessment in between
        // saw this node ACTIVE with the silence's episode open, and ended it "taken over (end not timed)", then the
        // event opened a second one of the same name (the campaign's pair rows, session 10)
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        pair = HardwareAssessmentTest.status(Role.STANDBY, Role.ACTIVE, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        now = T0.plusSeconds(2);
        silenceOutlastsTheMinimum();
        pair = HardwareAssessmentTest.status(Role.ACTIVE, Role.ACTIVE, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        episodes.reconcile(pair, T0.plusMillis(2300));
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0.plusMillis(2310));
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "witness", HaEvents.EPOCH, 8L,
                HaEvents.LAST_HEARD, ms(0), HaEvents.DECLARED_DEAD, ms(85), HaEvents.CONFIRMED, ms(2290)),
                T0.plusMillis(2310));
        episodes.reconcile(pair, T0.plusMillis(2320));
        delivered = 6;
        now = T0.plusMillis(2500);
        runScheduled();

        assertThat(stored).hasSize(1);
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("taken over");
            assertThat(e.declared()).isEqualTo(T0.plusMillis(85));
            assertThat(e.actions()).extracting(EpisodeAction::what).containsExactly(
                    "declared dead: silent on every heartbeat path for 85 ms",
                    "the witness confirmed the peer is not acting (+2290 ms)",
                    "this node ACTIVE, epoch 8 (+2310 ms)",
                    "first message acknowledged by the broker (+2500 ms)");
        });
        assertThat(takeovers).singleElement().satisfies(t -> assertThat(t).containsEntry(FailoverEvents.EPISODE,
                ended.get(0).id()));
    }

    @Test
    void anOpenTakeoverLeftByAPreviousCoordinatorIsClosedUntimedAtOnce() {
        tracker.resume(List.of(new Episode("ha:takeover/old", Dimension.HARDWARE, "active gateway gw-b lost", T0,
                T0.plusMillis(85), List.of(), null, "open")));
        pair = HardwareAssessmentTest.status(Role.ACTIVE, Role.STANDBY, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        episodes.reconcile(pair, T0.plusSeconds(1));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("ha:takeover/old");
            assertThat(e.outcome()).isEqualTo("taken over (end not timed)");
        });
    }

    @Test
    void ourOwnTakeoverEpisodeWaitsForItsEventAtMostTenSeconds() {
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        pair = HardwareAssessmentTest.status(Role.STANDBY, Role.ACTIVE, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        silenceOutlastsTheMinimum();
        pair = HardwareAssessmentTest.status(Role.ACTIVE, Role.STANDBY, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        episodes.reconcile(pair, T0.plusSeconds(2));
        episodes.reconcile(pair, T0.plusSeconds(11));
        assertThat(ended).isEmpty();
        episodes.reconcile(pair, T0.plusSeconds(13)); // the TAKEOVER event never came (lost): closed, untimed
        assertThat(ended).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("taken over (end not timed)"));
    }

    @Test
    void aNodeStartingAloneThatTakesOverRecordsNoEpisode() {
        // ha's TAKEOVER of a node that never heard its peer (not heard within startup.wait): no peer, no last heard;
        // its own times come before the coordinator receives it (here 333 ms: a loaded machine)
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "STANDBY"), T0.plusMillis(300));
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0.plusMillis(320));
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.CAUSE, "witness", HaEvents.EPOCH, 1L, HaEvents.DECLARED_DEAD,
                ms(0), HaEvents.CONFIRMED, ms(312)), T0.plusMillis(333));
        episodes.accept(HaEvents.REPLAYED, p(HaEvents.COUNT, 0L, HaEvents.REFUSED, 0L), T0.plusMillis(340));
        runScheduled();
        episodes.reconcile(HardwareAssessmentTest.status(Role.ACTIVE, Role.STANDBY, false,
                org.cabinetgw.ha.WitnessState.REACHABLE), T0.plusSeconds(1));
        assertThat(stored).isEmpty();
        assertThat(takeovers).isEmpty();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void wallClockTimesOutOfOrderNeverGiveANegativeTime() {
        // the engine's wall clock stepped back between the last heartbeat and the declaration (NTP), and the event
        // reached the coordinator late: every time is counted from the earliest, never below zero
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "policy", HaEvents.EPOCH, 3L,
                HaEvents.LAST_HEARD, ms(100), HaEvents.DECLARED_DEAD, ms(50), HaEvents.CONFIRMED, ms(60)),
                T0.plusMillis(400));
        delivered = 6;
        now = T0.plusMillis(500);
        runScheduled();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.firstSeen()).isEqualTo(T0.plusMillis(50));
            assertThat(e.detection()).hasValueSatisfying(d -> assertThat(d.isNegative()).isFalse());
            assertThat(e.actions()).extracting(EpisodeAction::what).noneMatch(w -> w.contains("+-"));
        });
        assertThat(takeovers.get(0).get(FailoverEvents.TAKEOVER_MILLIS)).isEqualTo(450L);
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
        pair = HardwareAssessmentTest.status(Role.STANDBY, Role.ACTIVE, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        silenceOutlastsTheMinimum();
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
        pair = HardwareAssessmentTest.status(Role.ACTIVE, Role.STANDBY, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        silenceOutlastsTheMinimum();
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
    void aStandbyAloneTakingOverByPolicyIsAnEpisodeThoughItNeverHeardItsPeer() {
        // standby.when.isolated = TAKE_OVER: the rule acted unconfirmed for a cabinet that had no known active
        // (ha's PairCoordinatorIT); unlike a start alone that the witness confirmed, this is kept
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0.plusMillis(300));
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "policy", HaEvents.EPOCH, 2L,
                HaEvents.DECLARED_DEAD, ms(100), HaEvents.CONFIRMED, ms(290)), T0.plusMillis(300));
        delivered = 6; // one more than at the takeover: the first message acknowledged
        now = T0.plusMillis(420);
        runScheduled();
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo("no active gateway known (gw-b never heard)");
            assertThat(e.outcome()).isEqualTo("taken over");
            assertThat(e.actions()).extracting(EpisodeAction::what)
                    .anyMatch(a -> a.startsWith("taken over unconfirmed (standby.when.isolated = TAKE_OVER)"));
        });
        assertThat(takeovers).singleElement().satisfies(t -> assertThat(t).containsEntry(FailoverEvents.CAUSE, "policy"));
    }

    @Test
    void hostileEventPropertiesAreTakenAsAbsent() {
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "KING"), T0);
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, 42, HaEvents.LAST_HEARD, "yesterday"), T0);
        pair = HardwareAssessmentTest.status(Role.STANDBY, Role.ACTIVE, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        silenceOutlastsTheMinimum();
        // no peer last heard: taken as a node that started alone, no episode of its own
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.CAUSE, "witness", HaEvents.LAST_HEARD, -5L), T0);
        assertThat(tracker.openEpisodes()).singleElement().satisfies(e -> assertThat(e.firstSeen()).isEqualTo(T0));
        assertThat(takeovers).isEmpty();
    }

    @Test
    void aReplayPostedBeforeTheTakeoverEventIsPartOfTheEpisodeWithItsTime() {
        // ha posts REPLAYED and TAKEOVER from different threads: the replay may come first, within the minimum
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        episodes.accept(HaEvents.REPLAYED, p(HaEvents.COUNT, 3L, HaEvents.REFUSED, 0L), T0.plusMillis(120));
        episodes.accept(HaEvents.TAKEOVER, p(HaEvents.PEER, "gw-b", HaEvents.CAUSE, "witness", HaEvents.EPOCH, 2L,
                HaEvents.LAST_HEARD, ms(0), HaEvents.DECLARED_DEAD, ms(85), HaEvents.CONFIRMED, ms(100)),
                T0.plusMillis(130));
        delivered = 6;
        now = T0.plusMillis(400);
        runScheduled();
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.actions()).extracting(EpisodeAction::what)
                .contains("3 message(s) the old active had accepted and the cloud had not acknowledged replayed with"
                        + " their ids (+120 ms)"));
        assertThat(episodes.gaps().count()).isZero();
    }

    @Test
    void aSilenceHeardAgainBeforeTheMinimumWithNothingDoneIsAGapNotAnEpisode() {
        // the campaign's loaded machine: heartbeats silent 100-600 ms (timeout 80 ms), no takeover
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        episodes.accept(HaEvents.PEER_BACK, p(HaEvents.PEER, "gw-b", HaEvents.PEER_ROLE, "ACTIVE"), T0.plusMillis(300));
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0.plusSeconds(5));
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(6000)), T0.plusMillis(6090));
        episodes.accept(HaEvents.PEER_BACK, p(HaEvents.PEER, "gw-b", HaEvents.PEER_ROLE, "STANDBY"), T0.plusMillis(6600));
        runScheduled(); // the minimum passes after both were heard again
        assertThat(stored).isEmpty();
        assertThat(episodes.gaps().count()).isEqualTo(2);
        assertThat(episodes.gaps().longest().toMillis()).isEqualTo(600);
    }

    @Test
    void aSilenceTheStatusShowsEndedBeforeItsEventIsAGapToo() {
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        now = T0.plusMillis(1100);
        silenceOutlastsTheMinimum(); // the pair (peer alive) says it is over; PEER_BACK still on its way
        episodes.accept(HaEvents.PEER_BACK, p(HaEvents.PEER, "gw-b", HaEvents.PEER_ROLE, "ACTIVE"), T0.plusMillis(1105));
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(2000)), T0.plusMillis(2085));
        episodes.reconcile(pair, T0.plusMillis(2200)); // an assessment sees it alive before PEER_BACK arrives
        runScheduled();
        assertThat(stored).isEmpty();
        assertThat(episodes.gaps().count()).isEqualTo(2);
    }

    @Test
    void aSilenceOutlastingTheMinimumIsAnEpisodeFromTheLastHeartbeat() {
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        pair = HardwareAssessmentTest.status(Role.STANDBY, Role.ACTIVE, false, org.cabinetgw.ha.WitnessState.REACHABLE);
        silenceOutlastsTheMinimum();
        assertThat(tracker.openEpisodes()).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo("active gateway gw-b lost");
            assertThat(e.firstSeen()).isEqualTo(T0);
            assertThat(e.declared()).isEqualTo(T0.plusMillis(85));
        });
        assertThat(episodes.gaps().count()).isZero();
    }

    @Test
    void anActiveSteppingDownWhileItsStandbyIsSilentRecordsTheSilenceAtOnce() {
        episodes.accept(HaEvents.ROLE_CHANGED, p(HaEvents.ROLE, "ACTIVE"), T0);
        episodes.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(100)), T0.plusMillis(185));
        episodes.accept(HaEvents.DEMOTED, p(HaEvents.EPOCH, 4L, HaEvents.REASON, "isolated"), T0.plusMillis(900));
        assertThat(stored.values()).extracting(Episode::what).containsExactlyInAnyOrder("standby gateway gw-b",
                "this gateway stopped acting");
    }

    @Test
    void everySilenceIsAnEpisodeWithAMinimumOfZero() {
        PairEpisodes all = new PairEpisodes(tracker, () -> pair, this::snapshot, (ms, t) -> scheduled.add(t),
                changes -> changes.forEach(c -> stored.put(c.episode().id(), c.episode())), (topic, p) -> {
                }, () -> now, java.time.Duration.ZERO);
        all.accept(HaEvents.PEER_LOST, p(HaEvents.PEER, "gw-b", HaEvents.LAST_HEARD, ms(0)), T0.plusMillis(85));
        all.accept(HaEvents.PEER_BACK, p(HaEvents.PEER, "gw-b", HaEvents.PEER_ROLE, "ACTIVE"), T0.plusMillis(200));
        assertThat(stored.values()).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("no takeover: the peer was acting"));
        assertThat(scheduled).isEmpty();
    }
}
