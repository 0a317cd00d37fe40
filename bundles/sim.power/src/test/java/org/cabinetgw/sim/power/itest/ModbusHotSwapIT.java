package org.cabinetgw.sim.power.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.sim.power.itest.PowerFixture.topic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.PowerEvents;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
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

            Bundle modbus = bundle("org.cabinetgw.modbus");
            Version old = modbus.getVersion();
            Version next = new Version(old.getMajor(), old.getMinor(), old.getMicro() + 1, "hotswap");
            Instant swapped = Instant.now();
            f.events.clear();
            modbus.update(new ByteArrayInputStream(sameBundleWithVersion(modbus, next)));
            refresh(modbus);
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
            Bundle power = bundle("org.cabinetgw.power");
            Version old = power.getVersion();
            Instant swapped = Instant.now();
            power.update(new ByteArrayInputStream(sameBundleWithVersion(power,
                    new Version(old.getMajor(), old.getMinor(), old.getMicro() + 1, "hotswap"))));
            refresh(power);
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

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn + " is not installed");
    }

    /** The installed bundle's own entries under a new Bundle-Version: a genuine new version of the same code. */
    private static byte[] sameBundleWithVersion(Bundle bundle, Version version) throws IOException {
        Manifest manifest;
        try (InputStream in = bundle.getEntry("META-INF/MANIFEST.MF").openStream()) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (URL entry : Collections.list(bundle.findEntries("/", "*", true))) {
                String name = entry.getPath().substring(1);
                if (name.isEmpty() || name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    try (InputStream in = entry.openStream()) {
                        in.transferTo(jar);
                    }
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).as("refresh finished").isTrue();
    }
}
