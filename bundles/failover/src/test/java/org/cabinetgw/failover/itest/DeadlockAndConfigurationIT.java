package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.Refusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** A real deadlock is reported as an event and an alarm; a configuration out of range is refused. */
@ExtendWith(CoordinatorTestDefaults.class)
class DeadlockAndConfigurationIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void aDeadlockIsReportedAsEventAndAlarm() throws Exception {
        RecordingUplink uplink = new RecordingUplink();
        ServiceRegistration<?> u = Fixture.register(context, uplink, Uplink.class);
        Configuration config = configurationAdmin.getConfiguration(Fixture.COORDINATOR_PID, "?");
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread t1 = new Thread(() -> cross(a, b, bothHold), "itest-deadlock-1");
        Thread t2 = new Thread(() -> cross(b, a, bothHold), "itest-deadlock-2");
        try (EventLog log = new EventLog(context, FailoverEvents.DEADLOCK)) {
            config.update(Fixture.coordinatorConfig("deadlock.check.seconds", 1));
            t1.start();
            t2.start();
            Event e = log.await(FailoverEvents.DEADLOCK, x -> true, 10_000);
            assertThat((String[]) e.getProperty(FailoverEvents.THREADS)).hasSize(2)
                    .anyMatch(s -> s.startsWith("itest-deadlock-1 (waiting for"));
            uplink.await(m -> m.priority() == Priority.ALARM && m.payload().contains("deadlocked thread(s): itest-deadlock-1"), 5000);
        } finally {
            t1.interrupt();
            t2.interrupt();
            t1.join(5000);
            t2.join(5000);
            Fixture.restoreCoordinatorDefaults(context, config);
            u.unregister();
        }
    }

    @Test
    void anOutOfRangeConfigurationIsRefused() throws Exception {
        Configuration config = configurationAdmin.getConfiguration(Fixture.COORDINATOR_PID, "?");
        try {
            config.update(Fixture.coordinatorConfig("history.max.episodes", 5));
            for (int i = 0; i < 200 && usable(); i++) {
                Thread.sleep(25);
            }
            assertThat(usable()).as("a coordinator with a refused configuration").isFalse();
            assertThat(Refusals.await(context, Fixture.COORDINATOR_PID, 10_000).reason())
                    .as("its entry config:<pid> names the setting").startsWith("configuration refused: ")
                    .contains("history.max.episodes = 5");
        } finally {
            Fixture.restoreCoordinatorDefaults(context, config);
        }
        for (int i = 0; i < 400 && !usable(); i++) {
            Thread.sleep(25);
        }
        assertThat(usable()).as("corrected: the coordinator is back, no restart").isTrue();
        assertThat(Refusals.current(context, Fixture.COORDINATOR_PID)).as("and the refusal is gone").isNull();
    }

    /** True when a coordinator is registered and SCR can activate it (a refused configuration cannot). */
    private boolean usable() {
        ServiceReference<FailoverCoordinator> ref = context.getServiceReference(FailoverCoordinator.class);
        if (ref == null) {
            return false;
        }
        FailoverCoordinator c = context.getService(ref);
        if (c == null) {
            return false;
        }
        context.ungetService(ref);
        return true;
    }

    private static void cross(ReentrantLock first, ReentrantLock second, CountDownLatch bothHold) {
        first.lock();
        try {
            bothHold.countDown();
            bothHold.await();
            second.lockInterruptibly();
            second.unlock();
        } catch (InterruptedException e) {
            // the test ends the deadlock it made
        } finally {
            first.unlock();
        }
    }
}
