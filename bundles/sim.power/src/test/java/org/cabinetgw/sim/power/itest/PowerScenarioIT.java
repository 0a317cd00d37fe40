package org.cabinetgw.sim.power.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.sim.power.itest.PowerFixture.topic;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The simulated outage, read by meters configured through ConfigurationAdmin, gives exactly the expected events. */
class PowerScenarioIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    @Test
    void anOutageProducesExactlyTheExpectedStateEventsAndTransferTimes() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm)) {
            f.await("ON_MAINS", 15_000, topic(PowerEvents.STATE_CHANGED, PowerEvents.STATE, "ON_MAINS"));
            f.await("generator LOST", 5_000,
                    topic(PowerEvents.SOURCE_CHANGED, PowerEvents.ROLE, "GENERATOR", PowerEvents.STATE, "LOST"));
            Thread.sleep(500); // nothing else pending
            f.events.clear();

            // mains fails; generator runs after 1.5 s; transfer switch 0.5 s later; mains back at 8 s; generator off at 9 s
            assertThat(f.sim("scenario", "outage", "1.5", "8", "0.5", "1")).startsWith("ok:");
            f.await("generator stopped", 15_000,
                    topic(PowerEvents.SOURCE_CHANGED, PowerEvents.ROLE, "GENERATOR", PowerEvents.STATE, "LOST"));
            Thread.sleep(500);
            String all = PowerFixture.describe(f.events);

            List<String> states = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            List<Event> transfers = new ArrayList<>();
            List<Event> bridges = new ArrayList<>();
            for (Event e : f.events) {
                switch (e.getTopic()) {
                    case PowerEvents.STATE_CHANGED -> states.add((String) e.getProperty(PowerEvents.STATE));
                    case PowerEvents.SOURCE_CHANGED -> sources.add(e.getProperty(PowerEvents.ROLE) + ":" + e.getProperty(PowerEvents.STATE));
                    case PowerEvents.TRANSFER -> transfers.add(e);
                    case PowerEvents.UPS_BRIDGED -> bridges.add(e);
                    default -> { }
                }
            }
            assertThat(states).as(all).containsExactly("ON_UPS_BATTERY", "ON_GENERATOR", "ON_MAINS");
            assertThat(sources).as(all).containsExactly("MAINS:LOST", "GENERATOR:AVAILABLE", "MAINS:AVAILABLE", "GENERATOR:LOST");
            assertThat(transfers).as(all).hasSize(2);
            assertThat(transfers.get(0).getProperty(PowerEvents.FROM)).isEqualTo("ON_MAINS");
            assertThat(transfers.get(0).getProperty(PowerEvents.TO)).isEqualTo("ON_GENERATOR");
            // the transfer switch closes at 2 s (generator start 1.5 s + 0.5 s) and the UPS says it is on line: the
            // generator feeds from then, though its 1 s restore delay runs until 2.5 s; plus poll and evaluation
            // latency (generous: busy CI)
            assertThat((Long) transfers.get(0).getProperty(PowerEvents.DURATION_MS)).as(all).isBetween(1_900L, 6_000L);
            assertThat(transfers.get(1).getProperty(PowerEvents.TO)).isEqualTo("ON_MAINS");
            // mains must be good for the 1 s restore delay before the cabinet goes back
            assertThat((Long) transfers.get(1).getProperty(PowerEvents.DURATION_MS)).as(all).isBetween(950L, 3_500L);
            assertThat(bridges).as(all).hasSize(1);
            assertThat((Long) bridges.get(0).getProperty(PowerEvents.DURATION_MS)).as(all).isBetween(1_800L, 6_000L);

            PowerMonitor monitor = context.getService(context.getServiceReference(PowerMonitor.class));
            assertThat(monitor.status().state()).isEqualTo(PowerState.ON_MAINS);
            assertThat(monitor.status().lastTransfer()).isPresent();
            assertThat(monitor.status().lastBridge()).isPresent();
        }
    }

    @Test
    void aSilentMeterGoesStaleAndRecoversAndExceptionsDoTheSame() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm)) {
            f.await("ON_MAINS", 15_000, topic(PowerEvents.STATE_CHANGED, PowerEvents.STATE, "ON_MAINS"));
            f.events.clear();
            f.sim("scenario", "silent", "ups", "3");
            f.await("ups stale", 10_000, topic(PowerEvents.METER_STALE, PowerEvents.METER, "ups", PowerEvents.STALE, true));
            f.await("ups fresh", 10_000, topic(PowerEvents.METER_STALE, PowerEvents.METER, "ups", PowerEvents.STALE, false));
            f.sim("scenario", "exceptions", "ups", "2");
            Event busy = f.await("ups busy", 10_000, e -> e.getTopic().equals(PowerEvents.METER_STALE)
                    && Boolean.TRUE.equals(e.getProperty(PowerEvents.STALE)) && f.events.indexOf(e) > 1);
            assertThat((String) busy.getProperty(PowerEvents.REASON)).contains("exception 6");
            f.await("ups fresh again", 10_000, e -> e.getTopic().equals(PowerEvents.METER_STALE)
                    && Boolean.FALSE.equals(e.getProperty(PowerEvents.STALE)) && f.events.indexOf(e) > 2);
            // a stale UPS alone never moved the cabinet off mains
            assertThat(f.events).noneMatch(e -> e.getTopic().equals(PowerEvents.STATE_CHANGED));
        }
    }

    @Test
    void aPollHangingLongerThanTheMaximumReadingAgeMakesMainsUnknownNotLost() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm, 30_000)) { // mains polls wait up to 30 s
            f.await("ON_MAINS", 15_000, topic(PowerEvents.STATE_CHANGED, PowerEvents.STATE, "ON_MAINS"));
            f.events.clear();
            f.sim("fault", "mains", "silent"); // the poll in flight now hangs; the reading only ages
            Event unknown = f.await("mains UNKNOWN", 10_000,
                    topic(PowerEvents.SOURCE_CHANGED, PowerEvents.ROLE, "MAINS", PowerEvents.STATE, "UNKNOWN"));
            // readingMaxAgeMs 1500 + lossDelayMs 300, from the last good poll
            assertThat((Long) unknown.getProperty(PowerEvents.TIMESTAMP) - (Long) unknown.getProperty(PowerEvents.SINCE))
                    .isBetween(250L, 2_000L);
            assertThat(f.events).noneMatch(e -> e.getTopic().equals(PowerEvents.METER_STALE)); // the meter has not failed yet
            f.sim("fault", "mains", "normal");
        }
    }
}
