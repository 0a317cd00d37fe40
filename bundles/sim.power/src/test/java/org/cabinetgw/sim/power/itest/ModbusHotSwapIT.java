package org.cabinetgw.sim.power.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.sim.power.itest.PowerFixture.topic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.testing.BundleUpdates;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Hot swap: the Modbus bundle is updated to a new version while three meters poll the simulator.
 * The meters come back on the new master and poll again; no thread and no socket is left behind.
 */
class ModbusHotSwapIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    @Test
    void theModbusBundleIsUpdatedWhilePollingAndNothingLeaks() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm)) {
            f.await("ON_MAINS", 15_000, topic(PowerEvents.STATE_CHANGED, PowerEvents.STATE, "ON_MAINS"));
            Thread.sleep(500);
            long threadsBefore = settled(ModbusHotSwapIT::threads, Long.MAX_VALUE);
            java.util.Set<String> namesBefore = names();
            long socketsBefore = settled(ModbusHotSwapIT::sockets, Long.MAX_VALUE);
            assertThat(meterThreads()).isEqualTo(3);

            Instant swapped = Instant.now();
            f.events.clear();
            Version next = BundleUpdates.updateToNextVersion(context, "org.cabinetgw.modbus");
            Bundle modbus = BundleUpdates.bundle(context, "org.cabinetgw.modbus");
            assertThat(modbus.getVersion()).isEqualTo(next);
            assertThat(modbus.getState()).isEqualTo(Bundle.ACTIVE);

            // every meter polls again, on the new master
            for (String name : List.of("mains", "generator", "ups")) {
                awaitFreshReading(name, swapped);
            }
            assertThat(meterThreads()).isEqualTo(3);
            Thread.sleep(1000);
            // a Modbus update is no power event: the cabinet stayed ON_MAINS throughout
            assertThat(f.events).as(PowerFixture.describe(f.events))
                    .noneMatch(e -> e.getTopic().equals(PowerEvents.STATE_CHANGED));
            long threadsAfter = settled(ModbusHotSwapIT::threads, threadsBefore);
            long socketsAfter = settled(ModbusHotSwapIT::sockets, socketsBefore);
            java.util.Set<String> added = names();
            added.removeAll(namesBefore);
            assertThat(threadsAfter).as("threads (before %d), new: %s", threadsBefore, added).isLessThanOrEqualTo(threadsBefore);
            assertThat(socketsAfter).as("open sockets (before %d)", socketsBefore).isLessThanOrEqualTo(socketsBefore);
        }
    }

    @Test
    void thePowerBundleIsUpdatedAndItsMetersComeBackWithTheirConfiguration() throws Exception {
        try (PowerFixture f = new PowerFixture(context, cm)) {
            f.await("ON_MAINS", 15_000, topic(PowerEvents.STATE_CHANGED, PowerEvents.STATE, "ON_MAINS"));
            Thread.sleep(500);
            long socketsBefore = settled(ModbusHotSwapIT::sockets, Long.MAX_VALUE);
            Instant swapped = Instant.now();
            BundleUpdates.updateToNextVersion(context, "org.cabinetgw.power");
            Bundle power = BundleUpdates.bundle(context, "org.cabinetgw.power");
            assertThat(power.getState()).isEqualTo(Bundle.ACTIVE);
            for (String name : List.of("mains", "generator", "ups")) {
                awaitFreshReading(name, swapped);
            }
            assertThat(meterThreads()).isEqualTo(3);
            // the new power-state component starts from UNKNOWN and finds the cabinet on mains again
            f.await("ON_MAINS after the update", 15_000, e -> e.getTopic().equals(PowerEvents.STATE_CHANGED)
                    && "ON_MAINS".equals(e.getProperty(PowerEvents.STATE))
                    && (Long) e.getProperty(PowerEvents.TIMESTAMP) >= swapped.toEpochMilli());
            long socketsAfter = settled(ModbusHotSwapIT::sockets, socketsBefore);
            assertThat(socketsAfter).as("open sockets (before %d)", socketsBefore).isLessThanOrEqualTo(socketsBefore);
        }
    }

    private void awaitFreshReading(String name, Instant after) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        MeterReading last = null;
        while (System.currentTimeMillis() < deadline) {
            for (ServiceReference<Meter> ref : context.getServiceReferences(Meter.class, null)) {
                Meter m = context.getService(ref);
                try {
                    if (m != null && m.name().equals(name)) {
                        last = m.lastReading();
                        if (!last.stale() && last.timestamp().isAfter(after)) {
                            return;
                        }
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("meter " + name + " did not poll again after the update; last reading " + last);
    }

    private static long meterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("cabinetgw-power-meter-")).count();
    }

    private static java.util.Set<String> names() {
        java.util.Set<String> n = new java.util.TreeSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).forEach(t -> n.add(t.getName() + "#" + t.getId()));
        return n;
    }

    /**
     * Live threads, without Event Admin's delivery pool: it grows on a burst of events (the meters'
     * re-activation posts many) and keeps its threads for reuse, which is not a leak of ours.
     */
    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("EventAdmin")).count();
    }

    /** Open sockets of this process (client and server ends of the meters' connections, Jetty, ...). */
    private static long sockets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException("/proc/self/fd is needed to count sockets", e);
        }
    }

    /** Waits (up to 10 s) until the count is at most {@code limit} or has stopped changing for a second. */
    private static long settled(java.util.function.LongSupplier count, long limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        long last = count.getAsLong();
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            long now = count.getAsLong();
            if (now <= limit && limit != Long.MAX_VALUE) {
                return now;
            }
            if (now != last) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince >= 1000) {
                return now;
            }
        }
        return last;
    }

}
