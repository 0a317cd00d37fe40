package org.cabinetgw.core.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URL;
import java.time.Instant;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Hot swap: the core bundle is updated to a new version while /health is under load; its components
 * come back with their configuration and the framework has no more threads than before.
 */
class HotSwapIT {

    static final String CORE = "org.cabinetgw.core";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void coreUpdatedUnderLoadKeepsItsConfigurationAndLeaksNoThreads() throws Exception {
        // A configuration that must survive the update, observable from outside: DEGRADED answers 299.
        configurationAdmin.getConfiguration(ConfigurationIT.PID, "?").update(ConfigurationIT.props("/health", 299));
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthContributor.COMPONENT, "hotswap.probe");
        Health degraded = Health.degraded("held degraded by the hot-swap test", Instant.now());
        ServiceRegistration<HealthContributor> contributor = context.registerService(HealthContributor.class,
                () -> degraded, p);
        String url = HttpProbe.baseUrl(context) + "health";
        try {
            HttpProbe.await(url, 299, 10_000);
            for (int i = 0; i < 50; i++) {
                HttpProbe.get(url); // warm Jetty's pool to its working size before counting
            }
            int before = settledThreadCount(Integer.MAX_VALUE);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (HttpProbe.get(url).status() == 299) {
                            answered.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // expected for the moments the servlet is away
                    }
                }
            }, "hotswap-test-load");
            load.start();

            Bundle core = bundle(CORE);
            Version old = core.getVersion();
            Version next = new Version(old.getMajor(), old.getMinor(), old.getMicro() + 1, "hotswap");
            core.update(new ByteArrayInputStream(withVersion(core, next)));
            refresh(core);

            assertThat(core.getVersion()).isEqualTo(next);
            assertThat(core.getState()).isEqualTo(Bundle.ACTIVE);
            int answeredBefore = answered.get();
            HttpProbe.await(url, 299, 10_000); // re-activated, with the configuration it had
            Thread.sleep(300);
            running.set(false);
            load.join(10_000);
            assertThat(answered.get()).as("load kept being answered after the update").isGreaterThan(answeredBefore);

            int after = settledThreadCount(before);
            assertThat(after).as("threads after the update (before: %d)", before).isLessThanOrEqualTo(before);
        } finally {
            contributor.unregister();
            configurationAdmin.getConfiguration(ConfigurationIT.PID, "?").delete();
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn + " is not installed");
    }

    /** The bundle's own content with a new Bundle-Version: a real new version of the same code. */
    private static byte[] withVersion(Bundle bundle, Version version) throws Exception {
        Manifest manifest;
        try (InputStream in = bundle.getEntry("META-INF/MANIFEST.MF").openStream()) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            List<URL> entries = Collections.list(bundle.findEntries("/", "*", true));
            for (URL entry : entries) {
                String name = entry.getPath().substring(1);
                if (name.isEmpty() || name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF/")) {
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

    /** Waits (up to 15 s) until the live thread count is at most {@code limit} or stops changing. */
    private static int settledThreadCount(int limit) throws InterruptedException {
        int last = -1;
        int stable = 0;
        for (int i = 0; i < 150; i++) {
            int now = (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
            if (now <= limit && limit != Integer.MAX_VALUE) {
                return now;
            }
            stable = now == last ? stable + 1 : 0;
            if (limit == Integer.MAX_VALUE && stable >= 10) {
                return now;
            }
            last = now;
            Thread.sleep(100);
        }
        return last;
    }
}
