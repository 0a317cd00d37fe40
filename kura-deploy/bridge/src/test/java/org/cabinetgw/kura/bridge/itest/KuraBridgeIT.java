package org.cabinetgw.kura.bridge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The bridge in a real Felix with a real bundle of ours (org.cabinetgw.storage: singleton
 * org.cabinetgw.storage.raid, factories org.cabinetgw.storage.disk and .filesystem), real SCR, ConfigAdmin
 * and Metatype. org.cabinetgw.kura.api.declaration stands in for Kura's API bundle: it DECLARES Kura's
 * ConfigurableComponent interface (same package and name), it is not a Kura implementation; there is no
 * Kura ConfigurationService here, so these tests check exactly what Kura's would see: the services, their
 * properties, and when they come and go.
 *
 * The services are looked up by class name with getAllServiceReferences, so this tests bundle does not
 * import the Kura package (the last test takes it away).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KuraBridgeIT {

    static final String CONFIGURABLE = "org.eclipse.kura.configuration.ConfigurableComponent";
    static final String BRIDGE = "org.cabinetgw.kura.bridge";
    static final String STORAGE = "org.cabinetgw.storage";
    static final String RAID = "org.cabinetgw.storage.raid";
    static final String DISK = "org.cabinetgw.storage.disk";
    static final String FILESYSTEM = "org.cabinetgw.storage.filesystem";
    static final String HEALTH = "org.cabinetgw.core.health";
    static final String HEALTH_HTTP = "org.cabinetgw.core.health.http";
    /** what is listed when no factory configuration exists */
    /** the uplink's (CloudPublisherHandOverIT runs it here) and the bridge's own (Kura's cloud connection) */
    static final java.util.Set<String> NOT_STORAGE = java.util.Set.of(HEALTH, HEALTH_HTTP, "org.cabinetgw.uplink",
            "org.cabinetgw.uplink.mqtt", "org.cabinetgw.uplink.http", "org.cabinetgw.kura.cloud");
    static final java.util.Set<String> SINGLETONS = union(NOT_STORAGE, RAID);

    private static java.util.Set<String> union(java.util.Set<String> a, String b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.add(b);
        return java.util.Set.copyOf(u);
    }

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @AfterEach
    void deleteFactoryConfigurations() throws Exception {
        for (String f : new String[] {DISK, FILESYSTEM}) {
            Configuration[] cs = configurationAdmin.listConfigurations("(service.factoryPid=" + f + ")");
            if (cs != null) {
                for (Configuration c : cs) {
                    c.delete();
                }
            }
        }
        await("no factory configuration listed", () -> SINGLETONS.containsAll(listed().keySet()));
    }

    @Test
    @Order(1)
    void theSingletonsOfOurBundlesAreListedUnderTheirPidsAndNothingElseIs() throws Exception {
        await("singletons listed", () -> listed().keySet().equals(SINGLETONS));
        for (String pid : SINGLETONS) {
            ServiceReference<?> ref = reference(pid);
            assertThat(ref.getProperty("kura.service.pid")).isEqualTo(pid);
            assertThat(ref.getProperty("service.factoryPid")).isNull();
            assertThat(ref.getBundle().getSymbolicName()).isEqualTo(BRIDGE);
        }
        // factory PIDs are not components by themselves: only their configurations are listed
        assertThat(listed()).containsOnlyKeys(SINGLETONS);
    }

    @Test
    @Order(2)
    void factoryConfigurationsAreListedAsTheyComeAndGo() throws Exception {
        Configuration named = configurationAdmin.getFactoryConfiguration(DISK, "a", "?");
        named.update(disk("a"));
        String namedPid = named.getPid();
        await("named disk configuration listed", () -> listed().containsKey(namedPid));
        ServiceReference<?> ref = reference(namedPid);
        assertThat(ref.getProperty("service.factoryPid")).isEqualTo(DISK);
        assertThat(ref.getProperty("kura.service.pid")).isEqualTo(namedPid);

        Configuration unnamed = configurationAdmin.createFactoryConfiguration(FILESYSTEM, "?");
        Dictionary<String, Object> fs = new Hashtable<>();
        fs.put("name", "root");
        fs.put("path", "/");
        unnamed.update(fs);
        String unnamedPid = unnamed.getPid();
        await("filesystem configuration listed", () -> listed().containsKey(unnamedPid));
        assertThat(reference(unnamedPid).getProperty("service.factoryPid")).isEqualTo(FILESYSTEM);

        // What Kura's ConfigurationService does when it registers the instance (or creates one itself):
        // it writes kura.service.pid into the configuration. The listing follows under that name.
        Dictionary<String, Object> renamed = disk("a");
        renamed.put("kura.service.pid", "disk-a");
        named.update(renamed);
        await("listing renamed", () -> "disk-a".equals(listed().get(namedPid)));

        named.delete();
        await("deleted disk configuration unlisted", () -> !listed().containsKey(namedPid));
        assertThat(listed()).containsKeys(RAID, HEALTH, HEALTH_HTTP, unnamedPid);
    }

    /**
     * Configuration names are free text: one full of LDAP filter syntax, with a kura.service.pid that is not a
     * string, is listed under its own PID, and unlisted when deleted (the bridge looks it up by PID).
     * Felix SCR 2.2.12 logs an InvalidSyntaxException for this configuration: SCR does not escape the PID in
     * its own ConfigAdmin filter (not the bridge's doing; the storage component simply gets no configuration).
     */
    @Test
    @Order(3)
    void aHostileConfigurationNameAndAWrongKuraPidTypeAreHandled() throws Exception {
        Configuration c = configurationAdmin.getFactoryConfiguration(DISK, "x)(service.pid=*\\", "?");
        Dictionary<String, Object> p = disk("x");
        p.put("kura.service.pid", new String[] {"one", "two"});
        c.update(p);
        String pid = c.getPid();
        assertThat(pid).contains(")(service.pid=*");
        await("hostile name listed", () -> pid.equals(listed().get(pid)));
        assertThat(listed()).hasSize(SINGLETONS.size() + 1); // the "*" widened nothing

        c.delete();
        await("hostile name unlisted", () -> !listed().containsKey(pid));
    }

    @Test
    @Order(4)
    void aBundleOfOursThatStopsTakesItsListingsWithIt() throws Exception {
        Configuration c = configurationAdmin.getFactoryConfiguration(DISK, "b", "?");
        c.update(disk("b"));
        await("disk b listed", () -> listed().containsKey(c.getPid()));

        Bundle storage = bundle(STORAGE);
        storage.stop();
        try {
            await("storage's listings gone, core's stay", () -> listed().keySet().equals(NOT_STORAGE));
        } finally {
            storage.start();
        }
        // back with the configuration that existed before it started
        await("storage's listings back", () -> listed().keySet().containsAll(java.util.List.of(RAID, c.getPid())));
    }

    @Test
    @Order(5)
    void stoppingTheBridgeUnlistsEverythingAndLeavesNoThread() throws Exception {
        Configuration c = configurationAdmin.getFactoryConfiguration(DISK, "c", "?");
        c.update(disk("c"));
        await("disk c listed", () -> listed().containsKey(c.getPid()));

        Bundle bridge = bundle(BRIDGE);
        bridge.stop();
        try {
            assertThat(listed()).isEmpty();
            // configurations made while the bridge is away are picked up when it comes back
            Configuration d = configurationAdmin.getFactoryConfiguration(DISK, "d", "?");
            d.update(disk("d"));
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("cabinetgw-kura"));
            assertThat(bundle(STORAGE).getState()).isEqualTo(Bundle.ACTIVE);
            bridge.start();
            await("everything listed again", () -> listed().keySet().containsAll(java.util.List.of(RAID, c.getPid(), d.getPid())));
        } finally {
            if (bridge.getState() != Bundle.ACTIVE) {
                bridge.start();
            }
        }
    }

    /**
     * Without the Kura API (the declaration bundle uninstalled and the framework refreshed) the bridge does not
     * resolve, and our bundle runs on. Last, because it takes the API away for good.
     */
    @Test
    @Order(6)
    void withoutTheKuraApiTheBridgeDoesNotResolveAndOurBundlesRunOn() throws Exception {
        await("raid listed", () -> listed().containsKey(RAID));
        Bundle api = bundle("org.cabinetgw.kura.api.declaration");
        api.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertThat(refreshed.await(30, TimeUnit.SECONDS)).as("framework refreshed").isTrue();

        Bundle bridge = bundle(BRIDGE);
        assertThat(bridge.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(java.util.List.of(bridge))).isFalse();
        await("storage active again after the refresh", () -> bundle(STORAGE).getState() == Bundle.ACTIVE);
        assertThat(context.getAllServiceReferences(CONFIGURABLE, null)).isNull();
        Configuration c = configurationAdmin.getFactoryConfiguration(DISK, "e", "?");
        c.update(disk("e"));
        assertThat(configurationAdmin.listConfigurations("(service.factoryPid=" + DISK + ")")).hasSize(1);
    }

    private static Dictionary<String, Object> disk(String name) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put("device", "/dev/cabinetgw-" + name);
        p.put("smartctl.path", "/opt/nowhere/smartctl"); // the component runs; its health says DOWN, not our concern
        return p;
    }

    /** service.pid -> kura.service.pid of every ConfigurableComponent service the bridge registered. */
    private Map<String, String> listed() {
        Map<String, String> m = new HashMap<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(CONFIGURABLE, "(cabinetgw.kura.listed.by=" + BRIDGE + ")");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    m.put((String) r.getProperty("service.pid"), (String) r.getProperty("kura.service.pid"));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return m;
    }

    private ServiceReference<?> reference(String servicePid) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(CONFIGURABLE, "(service.pid=" + servicePid + ")");
        assertThat(refs).as("ConfigurableComponent for %s", servicePid).hasSize(1);
        return refs[0];
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
