package org.cabinetgw.core.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.testing.BundleUpdates;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
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

            Version next = BundleUpdates.updateToNextVersion(context, CORE);
            Bundle core = BundleUpdates.bundle(context, CORE);

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
            // the next test creates this PID (ConfigurationIT) again: see ConfigurationEvents
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        }
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
