package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.power.PowerEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.cabinetgw.testing.BundleUpdates;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The history is on disk: it survives a new instance of the coordinator (a configuration change) and an update
 * of the coordinator bundle to a new version; an episode open across both is closed by the new instance.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class HistoryPersistenceIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void historySurvivesANewInstanceAndABundleUpdate() throws Exception {
        ServiceReference<FailoverCoordinator> ref = Fixture.awaitCoordinator(context, -1, 5000);
        FailoverCoordinator c = context.getService(ref);
        Configuration config = configurationAdmin.getConfiguration(Fixture.COORDINATOR_PID, "?");
        try (EventLog log = new EventLog(context, FailoverEvents.EPISODE_STARTED, FailoverEvents.EPISODE_ENDED)) {
            // a closed episode and an open one
            power("ON_GENERATOR", "ON_MAINS");
            power("ON_MAINS", "ON_GENERATOR");
            Event closed = log.await(FailoverEvents.EPISODE_ENDED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            String closedId = (String) closed.getProperty(FailoverEvents.EPISODE);
            log.clear();
            power("ON_UPS_BATTERY", "ON_MAINS");
            Event open = log.await(FailoverEvents.EPISODE_STARTED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            String openId = (String) open.getProperty(FailoverEvents.EPISODE);
            assertThat(c.history(50)).extracting(Episode::id).contains(closedId, openId);
            context.ungetService(ref);

            // 1. a new instance: a configuration change re-activates the component
            config.update(Fixture.coordinatorConfig("recheck.seconds", 7));
            ServiceReference<FailoverCoordinator> ref2 = Fixture.awaitCoordinator(context, (Long) ref.getProperty("service.id"), 10_000);
            FailoverCoordinator c2 = context.getService(ref2);
            assertThat(c2.history(50)).extracting(Episode::id).contains(closedId, openId);
            context.ungetService(ref2);

            // 2. an update of the coordinator bundle to a new version
            Bundle bundle = BundleUpdates.bundle(context, Fixture.BUNDLE);
            long id = bundle.getBundleId();
            Version next = BundleUpdates.updateToNextVersion(context, Fixture.BUNDLE);
            assertThat(bundle.getVersion()).isEqualTo(next);
            assertThat(bundle.getBundleId()).isEqualTo(id);
            ServiceReference<FailoverCoordinator> ref3 = Fixture.awaitCoordinator(context, (Long) ref2.getProperty("service.id"), 10_000);
            // the old instances' threads are gone: one coordinator thread, however many instances came before
            assertThat(ownThreads()).containsExactly("cabinetgw-failover-coordinator");
            FailoverCoordinator c3 = context.getService(ref3);
            assertThat(c3.history(50)).extracting(Episode::id).contains(closedId, openId);
            Episode stillOpen = c3.history(50).stream().filter(e -> e.id().equals(openId)).findFirst().orElseThrow();
            assertThat(stillOpen.open()).isTrue();

            // the new code closes the episode the old one opened
            log.clear();
            power("ON_MAINS", "ON_UPS_BATTERY");
            Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> openId.equals(e.getProperty(FailoverEvents.EPISODE)), 5000);
            assertThat(ended.getProperty(FailoverEvents.OUTCOME)).isEqualTo("restored");
            context.ungetService(ref3);
        } finally {
            Fixture.restoreCoordinatorDefaults(context, config);
        }
    }

    @Test
    void historySurvivesAStopAndStartOfTheCoordinatorBundle() throws Exception {
        ServiceReference<FailoverCoordinator> ref = Fixture.awaitCoordinator(context, -1, 5000);
        FailoverCoordinator c = context.getService(ref);
        try (EventLog log = new EventLog(context, FailoverEvents.EPISODE_STARTED, FailoverEvents.EPISODE_ENDED)) {
            power("ON_GENERATOR", "ON_MAINS");
            power("ON_MAINS", "ON_GENERATOR");
            Event closed = log.await(FailoverEvents.EPISODE_ENDED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            String closedId = (String) closed.getProperty(FailoverEvents.EPISODE);
            log.clear();
            power("ON_UPS_BATTERY", "ON_MAINS");
            Event open = log.await(FailoverEvents.EPISODE_STARTED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            String openId = (String) open.getProperty(FailoverEvents.EPISODE);
            Episode before = c.history(50).stream().filter(e -> e.id().equals(closedId)).findFirst().orElseThrow();
            context.ungetService(ref);

            // the coordinator bundle stopped (its component, thread and history file closed) and started again
            Bundle bundle = BundleUpdates.bundle(context, Fixture.BUNDLE);
            bundle.stop();
            assertThat(context.getServiceReference(FailoverCoordinator.class)).isNull();
            for (int i = 0; i < 100 && !ownThreads().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(ownThreads()).as("threads of the stopped coordinator").isEmpty();
            bundle.start();
            ServiceReference<FailoverCoordinator> ref2 = Fixture.awaitCoordinator(context, (Long) ref.getProperty("service.id"), 10_000);
            FailoverCoordinator c2 = context.getService(ref2);
            // the same episodes, with the same timings (kept to the millisecond on disk), read back from disk
            Episode after = c2.history(50).stream().filter(e -> e.id().equals(closedId)).findFirst().orElseThrow();
            assertThat(after.what()).isEqualTo(before.what());
            assertThat(after.outcome()).isEqualTo(before.outcome()).isEqualTo("restored");
            assertThat(after.firstSeen().toEpochMilli()).isEqualTo(before.firstSeen().toEpochMilli());
            assertThat(after.restored().toEpochMilli()).isEqualTo(before.restored().toEpochMilli());
            assertThat(after.actions()).extracting(EpisodeAction::what)
                    .containsExactlyElementsOf(before.actions().stream().map(EpisodeAction::what).toList());
            assertThat(c2.history(50)).extracting(Episode::id).contains(openId);

            // the open episode was carried over by the new component: power back ends it
            log.clear();
            power("ON_MAINS", "ON_UPS_BATTERY");
            Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> openId.equals(e.getProperty(FailoverEvents.EPISODE)), 5000);
            assertThat(ended.getProperty(FailoverEvents.OUTCOME)).isEqualTo("restored");
            context.ungetService(ref2);
        }
    }

    private static java.util.List<String> ownThreads() throws InterruptedException {
        java.util.List<String> names = java.util.List.of();
        for (int i = 0; i < 100; i++) {
            names = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("cabinetgw-failover-")).sorted().toList();
            if (names.size() <= 1) {
                break;
            }
            Thread.sleep(50);
        }
        return names;
    }

    private void power(String state, String previous) {
        long now = System.currentTimeMillis();
        eventAdmin.postEvent(new Event(PowerEvents.STATE_CHANGED, Map.of(PowerEvents.STATE, state, PowerEvents.PREVIOUS_STATE,
                previous, PowerEvents.SINCE, now - 1000, PowerEvents.TIMESTAMP, now)));
    }
}
