package org.cabinetgw.kuradeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.felix.framework.Felix;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The package installs on a gateway that runs only the platform, and uninstalls again, without a
 * restart: a real Felix framework with the platform's bundles (what the package leaves out) and
 * Felix Deployment Admin; every bundle of the package must end up ACTIVE, the feature bundle
 * resolved (so its requirement on every bundle of the feature is met), except the Kura-only bundles,
 * which must stay unresolved (no Kura API here) without stopping the install.
 */
class InstallTest {

    private static final Set<String> DEPLOYMENT_ADMIN = Set.of("org.apache.felix.deploymentadmin",
            "org.apache.felix.dependencymanager", "org.apache.felix.log");

    @Test
    void installsOnThePlatformAndUninstallsWithoutARestart() throws Exception {
        install("platform", Set.of());
    }

    /**
     * Kura has no OSGi Configurator. On such a platform the feature bundle, which requires the Configurator
     * extender, stays INSTALLED and its default configuration is not applied; every other bundle of the
     * package runs (their components then get their configuration from Kura: kura-deploy/README.md).
     */
    @Test
    void withoutAConfiguratorAsOnKuraTheFeatureBundleStaysUnresolvedAndTheRestRuns() throws Exception {
        install("no-configurator", Set.of("org.apache.felix.configurator"));
    }

    private void install(String run, Set<String> leftOutOfPlatform) throws Exception {
        boolean configurator = !leftOutOfPlatform.contains("org.apache.felix.configurator");
        BuiltPackage dp = BuiltPackage.load();
        Set<String> inPackage = new HashSet<>();
        for (String entry : dp.bundleEntries()) {
            inPackage.add(BuiltPackage.bsn(dp.bundleManifest(entry)));
        }

        // The platform: what the features on the class path require (a feature bundle requires each of
        // its bundles by identity) and the package does not carry; for core that is its third-party
        // part, for any other feature the whole core feature. Plus Deployment Admin.
        Map<String, String> jars = new HashMap<>();
        Set<String> required = new HashSet<>();
        for (String jar : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!jar.endsWith(".jar")) {
                continue;
            }
            try (JarFile j = new JarFile(jar)) {
                String bsn = j.getManifest() == null ? null : BuiltPackage.bsn(j.getManifest());
                if (bsn == null) {
                    continue;
                }
                jars.putIfAbsent(bsn, jar);
                if (bsn.startsWith("org.cabinetgw.feature.")) {
                    required.add(bsn);
                    String req = j.getManifest().getMainAttributes().getValue("Require-Capability");
                    Matcher m = Pattern.compile("osgi\\.identity=([^)]+)\\)").matcher(req == null ? "" : req);
                    while (m.find()) {
                        required.add(m.group(1));
                    }
                }
            }
        }
        required.addAll(DEPLOYMENT_ADMIN);
        required.removeAll(inPackage);
        required.removeAll(leftOutOfPlatform);
        Map<String, String> platform = new HashMap<>();
        for (String bsn : required) {
            assertThat(jars).as("platform bundle %s on the class path", bsn).containsKey(bsn);
            platform.put(bsn, jars.get(bsn));
        }

        Path dir = Path.of(System.getProperty("dp.install.dir")).resolve(run);
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.resolver.parallelism", "1");
        config.put("org.osgi.service.http.port", "0"); // Jetty, where the platform has it: any free port
        config.put("org.osgi.service.http.host", "127.0.0.1");
        config.put("cabinetgw.data.dir", dir.resolve("data").toString());
        Felix felix = new Felix(config);
        felix.init();
        try {
            BundleContext ctx = felix.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String jar : platform.values()) {
                bundles.add(ctx.installBundle(Path.of(jar).toUri().toString()));
            }
            felix.start();
            for (Bundle b : bundles) {
                // without a Configurator the platform's own feature bundle (core's) cannot resolve either
                boolean featureWithoutConfigurator = !configurator && b.getSymbolicName().startsWith("org.cabinetgw.feature.");
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && !featureWithoutConfigurator) {
                    b.start();
                }
            }
            long started = felix.getLastModified();

            Object da = service(ctx, "org.osgi.service.deploymentadmin.DeploymentAdmin");
            Method install = method(da, "installDeploymentPackage", InputStream.class);
            Object installed = install.invoke(da, new ByteArrayInputStream(withoutSignatureFiles(dp)));
            assertThat(method(installed, "getName").invoke(installed)).isEqualTo(System.getProperty("dp.main"));

            // Kura-only bundles (the bridge) need Kura's API, which this framework, like our runtime, does not
            // have: they stay INSTALLED (not resolvable) and everything else of the package runs.
            Set<String> kuraOnly = BuiltPackage.kuraOnly();
            for (String bsn : inPackage) {
                Bundle b = find(ctx, bsn);
                assertThat(b).as(bsn).isNotNull();
                boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                boolean unresolvable = kuraOnly.contains(bsn) || (!configurator && bsn.equals(System.getProperty("dp.main")));
                int expected = unresolvable ? Bundle.INSTALLED : fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
                assertThat(b.getState()).as("%s state", bsn).isEqualTo(expected);
            }
            for (String bsn : kuraOnly) {
                Bundle b = find(ctx, bsn);
                assertThat(felix.adapt(org.osgi.framework.wiring.FrameworkWiring.class).resolveBundles(List.of(b)))
                        .as("%s resolves without Kura", bsn).isFalse();
            }

            // The feature's default configuration: applied by the Configurator, or not at all without one.
            Set<String> pids = featureConfigurationPids(dp);
            Object configAdmin = service(ctx, "org.osgi.service.cm.ConfigurationAdmin");
            if (configurator) {
                Await.within(Duration.ofSeconds(10), () -> configuredPids(configAdmin), c -> c.containsAll(pids));
                assertThat(configuredPids(configAdmin)).as("configurations of the feature").containsAll(pids);
            } else if (!pids.isEmpty()) {
                Thread.sleep(500); // what an (absent) extender would have done by now
                Set<String> configured = configuredPids(configAdmin);
                for (String pid : pids) {
                    assertThat(configured).as("configurations without a Configurator").doesNotContain(pid);
                }
            }

            if (!configurator) {
                seedAsKuraAndCheckEveryComponentActivates(ctx, dp, inPackage, configAdmin);
            }

            method(installed, "uninstall").invoke(installed);
            for (String bsn : inPackage) {
                assertThat(find(ctx, bsn)).as("%s after uninstall", bsn).isNull();
            }
            assertThat(felix.getLastModified()).isEqualTo(started);
            assertThat(felix.getState()).isEqualTo(Bundle.ACTIVE);
        } finally {
            felix.stop();
            felix.waitForStop(20_000);
        }
    }

    /**
     * Felix Deployment Admin 0.9.6 stops at the signature files that follow the manifest of a signed
     * package; the deploy agent checks the signature and hands it this copy (bundles/deploy README).
     */
    private static byte[] withoutSignatureFiles(BuiltPackage dp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(dp.file)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String n = e.getName();
                if (n.startsWith("META-INF/") && (n.endsWith(".SF") || n.endsWith(".EC") || n.endsWith(".RSA") || n.endsWith(".DSA"))) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(n));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * On Kura every singleton PID is configured from its Metatype defaults as soon as its bundle is ACTIVE
     * (KuraSeeding), so a component that requires its configuration starts right after the install with
     * its defaults: none of ours may then fail to activate (a default its own validation refuses). A
     * component still waiting for a service another package brings is fine; a failed activation is not.
     */
    private static void seedAsKuraAndCheckEveryComponentActivates(BundleContext ctx, BuiltPackage dp, Set<String> inPackage,
            Object configAdmin) throws Exception {
        Set<String> seeded = new HashSet<>();
        Set<String> kuraOnly = BuiltPackage.kuraOnly();
        for (String entry : dp.bundleEntries()) {
            if (kuraOnly.contains(BuiltPackage.bsn(dp.bundleManifest(entry)))) {
                // unresolved here (no Kura API), so Kura, which seeds ACTIVE bundles only, would not seed it either;
                // the bridge's own component on its defaults is tested in kura-deploy/bridge (CloudPublisherHandOverIT)
                continue;
            }
            for (byte[] xml : dp.bundleFiles(entry, "OSGI-INF/metatype/").values()) {
                for (Map.Entry<String, Map<String, Object>> e : KuraSeeding.singletonDefaults(xml).entrySet()) {
                    Object c = method(configAdmin, "getConfiguration", String.class, String.class).invoke(configAdmin, e.getKey(), "?");
                    @SuppressWarnings("unchecked")
                    java.util.Dictionary<String, Object> current = (java.util.Dictionary<String, Object>) method(c, "getProperties").invoke(c);
                    java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
                    if (current != null) {
                        for (String k : java.util.Collections.list(current.keys())) {
                            props.put(k, current.get(k));
                        }
                    }
                    e.getValue().forEach(props::putIfAbsent); // Kura adds only what is missing
                    method(c, "update", java.util.Dictionary.class).invoke(c, props);
                    seeded.add(e.getKey());
                }
            }
        }
        Object scr = service(ctx, "org.osgi.service.component.runtime.ServiceComponentRuntime");
        ComponentStates states = Await.within(Duration.ofSeconds(15), () -> componentStates(scr, inPackage, seeded),
                s -> s.waiting().isEmpty()).orElseGet(() -> componentStatesNow(scr, inPackage, seeded));
        // every seeded PID belongs to a component of the package (Metatype describes components, nothing else)
        assertThat(states.checked()).as("components checked").isEqualTo(seeded);
        assertThat(states.waiting()).as("components still without a configuration after Kura's seeding").isEmpty();
        assertThat(states.failed()).as("components that refuse their Metatype defaults (they would fail on Kura right after install)").isEmpty();
    }

    /** What SCR says of the package's seeded components: waiting for a configuration, failed to activate, checked. */
    private record ComponentStates(List<String> waiting, List<String> failed, Set<String> checked) {
    }

    private static ComponentStates componentStatesNow(Object scr, Set<String> inPackage, Set<String> seeded) {
        try {
            return componentStates(scr, inPackage, seeded);
        } catch (Exception e) {
            throw new AssertionError("SCR's component descriptions could not be read", e);
        }
    }

    private static ComponentStates componentStates(Object scr, Set<String> inPackage, Set<String> seeded)
            throws Exception {
        final int unsatisfiedConfiguration = 1;
        final int failedActivation = 16;
        List<String> waiting = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Set<String> checked = new HashSet<>();
        for (Object desc : (java.util.Collection<?>) method(scr, "getComponentDescriptionDTOs", Bundle[].class)
                .invoke(scr, (Object) new Bundle[0])) {
            Object bundleDto = desc.getClass().getField("bundle").get(desc);
            String bsn = (String) bundleDto.getClass().getField("symbolicName").get(bundleDto);
            String[] pids = (String[]) desc.getClass().getField("configurationPid").get(desc);
            if (!inPackage.contains(bsn) || pids == null || !seeded.containsAll(List.of(pids))) {
                continue;
            }
            String name = (String) desc.getClass().getField("name").get(desc);
            checked.addAll(List.of(pids));
            java.util.Collection<?> configs = (java.util.Collection<?>) method(scr, "getComponentConfigurationDTOs",
                    desc.getClass()).invoke(scr, desc);
            if (configs.isEmpty()) {
                waiting.add(name + " (no configuration yet)");
            }
            for (Object cfg : configs) {
                int state = cfg.getClass().getField("state").getInt(cfg);
                if (state == unsatisfiedConfiguration) {
                    waiting.add(name);
                } else if (state == failedActivation) {
                    failed.add(name + ": " + rootCause(String.valueOf(cfg.getClass().getField("failure").get(cfg))));
                }
            }
        }
        return new ComponentStates(waiting, failed, checked);
    }

    /** The last "Caused by:" line of a stack trace SCR reports as text, else its first line. */
    private static String rootCause(String trace) {
        String cause = trace.lines().findFirst().orElse(trace);
        for (String line : trace.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause;
    }

    /** The PIDs the feature bundle's OSGI-INF/configurator/*.json configures: its top-level keys but ":configurator:..." ones. */
    static Set<String> featureConfigurationPids(BuiltPackage dp) throws Exception {
        Set<String> pids = new HashSet<>();
        for (String entry : dp.bundleEntries()) {
            if (!System.getProperty("dp.main").equals(BuiltPackage.bsn(dp.bundleManifest(entry)))) {
                continue;
            }
            for (byte[] json : dp.bundleFiles(entry, "OSGI-INF/configurator/").values()) {
                // Gson comes with the core feature (on this class path for every package); lenient: the
                // Configurator's JSON may carry comments
                com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(
                        new java.io.InputStreamReader(new ByteArrayInputStream(json), java.nio.charset.StandardCharsets.UTF_8));
                reader.setLenient(true);
                for (String key : com.google.gson.JsonParser.parseReader(reader).getAsJsonObject().keySet()) {
                    if (!key.startsWith(":")) {
                        pids.add(key);
                    }
                }
            }
        }
        return pids;
    }

    private static Set<String> configuredPids(Object configAdmin) throws Exception {
        Object[] configurations = (Object[]) method(configAdmin, "listConfigurations", String.class).invoke(configAdmin, (String) null);
        Set<String> pids = new HashSet<>();
        if (configurations != null) {
            for (Object c : configurations) {
                pids.add((String) method(c, "getPid").invoke(c));
            }
        }
        return pids;
    }

    private static Bundle find(BundleContext ctx, String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static Object service(BundleContext ctx, String clazz) throws Exception {
        // by name, all references: its classes are the bundle's, reached by reflection
        ServiceReference<?> ref = Await.within(Duration.ofSeconds(15), () -> {
            ServiceReference<?>[] refs = ctx.getAllServiceReferences(clazz, null);
            return refs != null && refs.length > 0 ? refs[0] : null;
        }, r -> r != null).orElseThrow(() -> new AssertionError("no " + clazz + " in the framework"));
        return ctx.getService(ref);
    }

    private static Method method(Object target, String name, Class<?>... types) throws Exception {
        Method m = target.getClass().getMethod(name, types);
        m.setAccessible(true);
        return m;
    }
}
