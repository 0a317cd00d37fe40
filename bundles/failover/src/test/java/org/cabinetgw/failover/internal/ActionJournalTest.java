package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.telemetry.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The action journal without a framework: what a rule action leaves behind, and a history that cannot be written. */
class ActionJournalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<Event> posted = new ArrayList<>();
    private final List<Message> sent = new ArrayList<>();
    private final Announcer announcer = recordingAnnouncer(posted, sent);
    private final EpisodeTracker episodes = new EpisodeTracker();

    /** An announcer whose events land in {@code posted} and whose uplink messages in {@code sent}. */
    static Announcer recordingAnnouncer(List<Event> posted, List<Message> sent) {
        return new Announcer(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        }, new UplinkHandover("test", () -> sent::add), "failover.cabinet", "failover/cabinet", "failover/alarm");
    }

    private static RuleEngine.Taken taken(String action, String component) {
        return new RuleEngine.Taken("restart-modbus", action, "org.cabinetgw.modbus", "modbus down 30 s",
                Dimension.SOFTWARE, component, T0.plusSeconds(30), T0);
    }

    @Test
    void aComponentActionOpensItsEpisodeAndARecoveryEndsIt() throws IOException {
        try (HistoryStore history = new HistoryStore(dir.resolve("history.jsonl"), 100)) {
            history.open();
            ActionJournal journal = new ActionJournal(episodes, history, announcer, null);
            journal.record(List.of(taken("RESTART_BUNDLE", "modbus")));
            journal.record(List.of(taken("RECOVERED", "modbus")));

            assertThat(posted).extracting(Event::getTopic).containsExactly(FailoverEvents.ACTION,
                    FailoverEvents.EPISODE_STARTED, FailoverEvents.ACTION, FailoverEvents.EPISODE_ENDED);
            Episode e = history.newest(1).get(0);
            assertThat(e.what()).isEqualTo("component modbus");
            assertThat(e.firstSeen()).isEqualTo(T0);
            assertThat(e.actions()).extracting(a -> a.what())
                    .containsExactly("restarted the bundle of org.cabinetgw.modbus (restart-modbus): modbus down 30 s");
            assertThat(e.outcome()).isEqualTo("restored");
            assertThat(journal.historyProblem()).isNull();
        }
    }

    @Test
    void anEscalationIsItsOwnEventAndTheEpisodesOutcome() throws IOException {
        try (HistoryStore history = HistoryStore.inMemory(10)) {
            history.open();
            ActionJournal journal = new ActionJournal(episodes, history, announcer, null);
            journal.record(List.of(taken("ESCALATE", "modbus")));
            assertThat(posted.get(0).getTopic()).isEqualTo(FailoverEvents.ESCALATED);
            assertThat(history.newest(1).get(0).outcome()).isEqualTo("escalated");
        }
    }

    @Test
    void aHistoryThatCannotBeWrittenBecomesTheProblemAndTheEpisodeIsStillAnnounced() throws IOException {
        HistoryStore history = new HistoryStore(dir.resolve("history.jsonl"), 100);
        history.open();
        history.close(); // put() now refuses: "history is closed"
        ActionJournal journal = new ActionJournal(episodes, history, announcer, null);
        journal.record(List.of(taken("ALARM", "modbus")));
        assertThat(journal.historyProblem()).isEqualTo("failover history not written (history is closed)");
        assertThat(posted).extracting(Event::getTopic).contains(FailoverEvents.EPISODE_STARTED);
        assertThat(history.newest(10)).isEmpty();
    }

    @Test
    void aProblemFromTheStartIsKept() {
        ActionJournal journal = new ActionJournal(episodes, HistoryStore.inMemory(10), announcer,
                "failover history not written (read-only file system)");
        journal.record(List.of());
        assertThat(journal.historyProblem()).isEqualTo("failover history not written (read-only file system)");
    }

    @Test
    void everyActionHasItsLine() {
        assertThat(ActionJournal.describe(taken("ALARM", null))).isEqualTo("alarm (restart-modbus): modbus down 30 s");
        assertThat(ActionJournal.describe(taken("STOP_BUNDLES", null)))
                .isEqualTo("stopped org.cabinetgw.modbus (restart-modbus)");
        assertThat(ActionJournal.describe(taken("TELEMETRY_RESTORED", null)))
                .isEqualTo("all telemetry goes out again (restart-modbus)");
        assertThat(ActionJournal.describe(taken("SOMETHING_NEW", null))).isEqualTo("SOMETHING_NEW org.cabinetgw.modbus");
    }
}
