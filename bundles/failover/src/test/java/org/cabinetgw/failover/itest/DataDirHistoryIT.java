package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.testing.BundleUpdates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The history in the gateway's data directory ({@code cabinetgw.data.dir}) outlives the coordinator bundle
 * itself: uninstalled (its OSGi cache data deleted, as after a restart with a cleaned cache or a reinstall)
 * and installed afresh, a new component on the same data directory reads every episode back and closes the
 * one left open. Runs in test-datadir.bndrun; skipped elsewhere.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class DataDirHistoryIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;

    @Test
    void aFreshCoordinatorOnTheSameDataDirectoryReadsTheHistoryBack() throws Exception {
        String dataDir = context.getProperty("cabinetgw.data.dir");
        assumeTrue(dataDir != null && !dataDir.isBlank(), "cabinetgw.data.dir is not set (test-datadir.bndrun runs this test)");
        Path file = Path.of(dataDir, "failover", "history.jsonl");
        ServiceReference<FailoverCoordinator> ref = Fixture.awaitCoordinator(context, -1, 10_000);
        FailoverCoordinator c = context.getService(ref);
        String closedId;
        String openId;
        Episode before;
        try (EventLog log = new EventLog(context, FailoverEvents.EPISODE_STARTED, FailoverEvents.EPISODE_ENDED)) {
            power("ON_GENERATOR", "ON_MAINS");
            power("ON_MAINS", "ON_GENERATOR");
            Event closed = log.await(FailoverEvents.EPISODE_ENDED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            closedId = (String) closed.getProperty(FailoverEvents.EPISODE);
            log.clear();
            power("ON_UPS_BATTERY", "ON_MAINS");
            Event open = log.await(FailoverEvents.EPISODE_STARTED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            openId = (String) open.getProperty(FailoverEvents.EPISODE);
        }
        before = c.history(100).stream().filter(e -> e.id().equals(closedId)).findFirst().orElseThrow();
        context.ungetService(ref);
        assertThat(Files.readString(file)).as("the history is in the data directory").contains(closedId, openId);

        // the bundle goes, with its cache data; the same code comes back as a new bundle
        Bundle old = BundleUpdates.bundle(context, Fixture.BUNDLE);
        byte[] content = BundleUpdates.contentOf(old);
        old.uninstall();
        assertThat(context.getServiceReference(FailoverCoordinator.class)).isNull();
        Bundle fresh = context.installBundle("itest:fresh-coordinator", new ByteArrayInputStream(content));
        try {
            assertThat(fresh.getBundleId()).isNotEqualTo(old.getBundleId());
            fresh.start();
            ServiceReference<FailoverCoordinator> ref2 = Fixture.awaitCoordinator(context, (Long) ref.getProperty("service.id"), 10_000);
            FailoverCoordinator c2 = context.getService(ref2);
            List<Episode> history = c2.history(100);
            assertThat(history).extracting(Episode::id).contains(closedId, openId);
            Episode after = history.stream().filter(e -> e.id().equals(closedId)).findFirst().orElseThrow();
            assertThat(after.outcome()).isEqualTo("restored");
            assertThat(after.firstSeen().toEpochMilli()).isEqualTo(before.firstSeen().toEpochMilli());
            assertThat(after.restored().toEpochMilli()).isEqualTo(before.restored().toEpochMilli());
            assertThat(after.actions()).extracting(EpisodeAction::what)
                    .containsExactlyElementsOf(before.actions().stream().map(EpisodeAction::what).toList());
            assertThat(history.stream().filter(e -> e.id().equals(openId)).findFirst().orElseThrow().open()).isTrue();

            try (EventLog log = new EventLog(context, FailoverEvents.EPISODE_ENDED)) {
                power("ON_MAINS", "ON_UPS_BATTERY");
                Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> openId.equals(e.getProperty(FailoverEvents.EPISODE)), 5000);
                assertThat(ended.getProperty(FailoverEvents.OUTCOME)).isEqualTo("restored");
            }
            context.ungetService(ref2);
        } finally {
            fresh.uninstall();
        }
    }

    private void power(String state, String previous) {
        long now = System.currentTimeMillis();
        eventAdmin.postEvent(new Event(PowerEvents.STATE_CHANGED, Map.of(PowerEvents.STATE, state, PowerEvents.PREVIOUS_STATE,
                previous, PowerEvents.SINCE, now - 1000, PowerEvents.TIMESTAMP, now)));
    }
}
