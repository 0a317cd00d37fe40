package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A RAID member fails and is replaced, as the real RAID monitor reads it from the storage simulator's mdstat
 * file: the cabinet goes DEGRADED with "RAID md0 degraded, no spare", then "rebuilding N%", then NORMAL, and
 * the episode is recorded. Runs in test-storage.bndrun; skipped elsewhere.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class RealRaidIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    private final List<Configuration> configs = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : configs) {
            c.delete();
        }
    }

    @Test
    void aFailedMemberDegradesTheCabinetUntilTheRebuildEnds() throws Exception {
        assumeTrue(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).anyMatch("org.cabinetgw.sim.storage"::equals),
                "the storage simulator is not in this run (test-storage.bndrun runs this test)");
        FailoverCoordinator coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 10_000));
        Path mdstat = Files.createTempDirectory("failover-raid-itest").resolve("mdstat");
        configure(cm.getConfiguration("org.cabinetgw.sim.storage", "?"), "mdstat.path", mdstat.toString(), "level", "raid1",
                "rebuild.percent.per.second", 20, "tick.millis", 200);
        for (int i = 0; i < 200 && !Files.exists(mdstat); i++) {
            Thread.sleep(50);
        }
        try (EventLog log = new EventLog(context, FailoverEvents.CABINET_CHANGED, FailoverEvents.EPISODE_STARTED,
                FailoverEvents.EPISODE_ENDED, "org/cabinetgw/storage/*")) {
            configure(cm.getConfiguration("org.cabinetgw.storage.raid", "?"), "mdstat.path", mdstat.toString(), "mdadm.path", "",
                    "poll.seconds", 1);
            log.await("org/cabinetgw/storage/NEW_ARRAY", e -> true, 15_000);
            // the monitor's health goes from "not read yet" to UP with its first reading
            log.await(FailoverEvents.CABINET_CHANGED, e -> "NORMAL".equals(e.getProperty(FailoverEvents.STATE))
                    || coordinator.status().state() == CabinetState.NORMAL, 10_000);
            Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 10_000);
            log.clear();

            assertThat(sim("fail", "sdb1")).startsWith("sdb1 failed");
            Event degraded = log.await(FailoverEvents.CABINET_CHANGED, e -> "DEGRADED".equals(e.getProperty(FailoverEvents.STATE)), 15_000);
            assertThat((String[]) degraded.getProperty(FailoverEvents.LOST_PREFIX + "STORAGE")).containsExactly("RAID md0 degraded, no spare");
            log.await(FailoverEvents.EPISODE_STARTED, e -> "RAID md0".equals(e.getProperty(FailoverEvents.WHAT)), 5000);

            assertThat(sim("replace", "sdb1", "sdc1")).contains("sdc1 added");
            Event rebuilding = log.await(FailoverEvents.CABINET_CHANGED, e -> String.valueOf(e.getProperty(FailoverEvents.SUMMARY))
                    .matches("RAID md0 degraded, rebuilding \\d+%"), 15_000);
            // NORMAL after the rebuild, not the NORMAL of the first reading: posted before log.clear(), it can
            // arrive after it, and waiting for it let the episode's end be awaited with the rebuild still running
            log.awaitAfter(rebuilding, FailoverEvents.CABINET_CHANGED, e -> "NORMAL".equals(e.getProperty(FailoverEvents.STATE)),
                    30_000);
            Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> "RAID md0".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            assertThat(ended.getProperty(FailoverEvents.OUTCOME)).isEqualTo("restored");

            Episode e = coordinator.history(20).stream().filter(x -> x.id().equals(ended.getProperty(FailoverEvents.EPISODE)))
                    .findFirst().orElseThrow();
            assertThat(e.dimension()).isEqualTo(Dimension.STORAGE);
            assertThat(e.actions()).extracting(EpisodeAction::what).contains("rebuild started");
            assertThat(e.outage().orElseThrow().toMillis()).as("a 5 s rebuild at 20 %%/s").isGreaterThanOrEqualTo(3000L);
        }
    }

    private void configure(Configuration c, Object... kv) throws IOException {
        Fixture.configure(configs, c, kv);
    }

    /** The simulator's Gogo command {@code storage:sim}, called as Gogo calls it. */
    private String sim(String... words) throws Exception {
        ServiceReference<?>[] refs = null;
        for (int i = 0; i < 200 && (refs == null || refs.length == 0); i++) {
            refs = context.getServiceReferences((String) null, "(osgi.command.scope=storage)");
            if (refs == null) {
                Thread.sleep(25);
            }
        }
        assertThat(refs).as("storage:sim command").isNotNull();
        Object command = context.getService(refs[0]);
        try {
            Method m = command.getClass().getMethod("sim", String[].class);
            return (String) m.invoke(command, (Object) words);
        } finally {
            context.ungetService(refs[0]);
        }
    }
}
