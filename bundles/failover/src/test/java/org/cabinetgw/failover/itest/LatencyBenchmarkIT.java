package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Benchmark harness, not a timed test: a component's health flips DOWN/UP many times; for each change it
 * measures, inside the running framework, the time from posting HealthEvents.CHANGED to the coordinator's
 * CABINET_CHANGED event and to its first action (the alarm of a CABINET_DEGRADED rule reaching the uplink).
 * Prints p50/p99/max beside the goal (10 ms) and the bare Event Admin delivery time as the floor.
 * It asserts only that every change produced its event and its action.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class LatencyBenchmarkIT {

    static final int CHANGES = 1000;
    static final int WARMUP = 200;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    FailoverCoordinator coordinator;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void healthChangeToCabinetEventAndFirstAction() throws Exception {
        BlockingQueue<Long> stateEvents = new ArrayBlockingQueue<>(16);
        BlockingQueue<Long> actions = new ArrayBlockingQueue<>(16);
        BlockingQueue<Long> floor = new ArrayBlockingQueue<>(16);
        RecordingUplink uplink = new RecordingUplink();
        uplink.onPublish = m -> {
            if (m.priority() == Priority.ALARM && m.topic().equals("failover/alarm")) {
                actions.offer(System.nanoTime());
            }
        };
        AtomicReference<Health> health = new AtomicReference<>(Health.up(Instant.now()));
        ServiceRegistration<?> u = Fixture.register(context, uplink, Uplink.class);
        ServiceRegistration<HealthContributor> c = Fixture.contributor(context, "bench.component", health::get);
        ServiceRegistration<EventHandler> h1 = handler(FailoverEvents.CABINET_CHANGED, stateEvents);
        ServiceRegistration<EventHandler> h2 = handler("org/cabinetgw/itest/PING", floor);
        Configuration rule = configurationAdmin.getFactoryConfiguration(Fixture.RULE_FACTORY, "bench", "?");
        Dictionary<String, Object> r = Fixture.properties("name", "bench", "condition", "CABINET_DEGRADED",
                "actions", new String[] { "ALARM" }, "min.interval.seconds", 0);
        try {
            rule.update(r);
            Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
            Thread.sleep(500);
            long[] toEvent = new long[CHANGES];
            long[] toAction = new long[CHANGES];
            long[] eventAdminFloor = new long[CHANGES];
            for (int i = -WARMUP; i < CHANGES; i++) {
                boolean down = (i & 1) == 0;
                stateEvents.clear();
                actions.clear();
                health.set(down ? Health.down("bench " + i, Instant.now()) : Health.up(Instant.now()));
                long t0 = System.nanoTime();
                Fixture.healthChanged(eventAdmin, "bench.component");
                Long event = stateEvents.poll(5, TimeUnit.SECONDS);
                Long action = actions.poll(5, TimeUnit.SECONDS);
                assertThat(event).as("cabinet event for change %d", i).isNotNull();
                assertThat(action).as("alarm for change %d", i).isNotNull();
                long p0 = System.nanoTime();
                eventAdmin.postEvent(new Event("org/cabinetgw/itest/PING", java.util.Map.of()));
                Long ping = floor.poll(5, TimeUnit.SECONDS);
                if (i >= 0) {
                    toEvent[i] = event - t0;
                    toAction[i] = action - t0;
                    eventAdminFloor[i] = ping - p0;
                }
            }
            Thread.sleep(300); // let the coordinator's log lines out first, so the report is one block
            String report = "\nFailover coordinator latency over " + CHANGES + " health changes (after " + WARMUP
                    + " warm-up), inside Felix with Felix Event Admin:\n"
                    + line("health CHANGED -> CABINET_CHANGED event", toEvent)
                    + line("health CHANGED -> first action (alarm)", toAction)
                    + line("floor: bare Event Admin post -> handler", eventAdminFloor)
                    + "  goal (issue 4): under 10 ms\n";
            System.out.print(report);
            System.out.flush();
        } finally {
            rule.delete();
            h1.unregister();
            h2.unregister();
            c.unregister();
            u.unregister();
        }
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
    }

    private ServiceRegistration<EventHandler> handler(String topic, BlockingQueue<Long> times) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, topic);
        return context.registerService(EventHandler.class, e -> times.offer(System.nanoTime()), p);
    }

    private static String line(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "  %-42s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms%n", what,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }
}
