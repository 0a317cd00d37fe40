package org.cabinetgw.failover.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.telemetry.Message;
import org.osgi.service.event.Event;

/**
 * The coordinator's plain parts wired as Coordinator wires them, with nothing bound and a fixed clock, for the
 * unit tests of the pieces the coordinator was split into (DrillHost, EventIntake): what it posts and sends and
 * the alarms its actions raise are recorded.
 */
final class CoordinatorParts {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Called as each event is posted, before it is recorded: a test reads the parts' state at that moment. */
    volatile java.util.function.Consumer<Event> onPost = e -> { };
    final List<Event> posted = new ArrayList<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean add(Event e) {
            onPost.accept(e);
            return super.add(e);
        }
    };
    final List<Message> sent = new ArrayList<>();
    final List<String> alarms = new ArrayList<>();
    final Announcer announcer = ActionJournalTest.recordingAnnouncer(posted, sent);
    final Capabilities services = new Capabilities();
    final StorageView storage = new StorageView();
    final EpisodeTracker episodes = new EpisodeTracker();
    final HistoryStore history = HistoryStore.inMemory(10);
    final ActionJournal journal = new ActionJournal(episodes, history, announcer, null);
    final RuleEngine engine = new RuleEngine();
    final RuleEngine.Actuator actuator = new RuleEngine.Actuator() {
        @Override
        public boolean alarm(String rule, String text) {
            alarms.add(rule + ": " + text);
            return true;
        }

        @Override
        public List<String> stopBundles(List<String> symbolicNames, String reason) {
            return List.of();
        }

        @Override
        public List<String> startBundles(List<String> symbolicNames, String reason) {
            return List.of();
        }

        @Override
        public String restartBundleOf(String component, String reason) {
            return null;
        }

        @Override
        public boolean restrictTelemetry(String reason) {
            return false;
        }

        @Override
        public boolean unrestrictTelemetry(String reason) {
            return false;
        }
    };
    final AssessmentCycle cycle = new AssessmentCycle(services, storage, episodes, engine, actuator, journal,
            announcer, new CabinetAssessment(300), Clock.fixed(T0, ZoneOffset.UTC), () -> false, "failover.cabinet",
            T0);
}
