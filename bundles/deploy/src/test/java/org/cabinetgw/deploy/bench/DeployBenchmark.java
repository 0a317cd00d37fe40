package org.cabinetgw.deploy.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.felix.framework.Felix;
import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

import com.sun.net.httpserver.HttpServer;

/**
 * Deploy agent benchmark (not a test): a real Felix with SCR, Event Admin, Config Admin and Felix
 * Deployment Admin, the deploy agent as built, the fixture packages from a local HTTP server. Prints
 * request -> installed-and-healthy time for updates (1.0.0 <-> 2.0.0), the same package installed by
 * Deployment Admin alone (the anchor: what the agent adds: download, hash, signature, health gate),
 * request -> rolled back for the broken 3.0.0, and the longest gap in the updated service's
 * availability (its HealthContributor unregistered until registered again).
 *
 *   mvn -o -q -pl bundles/deploy test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=org.cabinetgw.deploy.bench.DeployBenchmark [-Drounds=20]
 *
 * Needs a prior `mvn -o -pl bundles/deploy install` (the bundle jar and target/fixtures).
 */
public final class DeployBenchmark {

    private static final Set<String> RUN = Set.of("org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.eventadmin", "org.apache.felix.log", "org.apache.felix.deploymentadmin",
            "org.apache.felix.dependencymanager", "org.osgi.service.component", "org.osgi.util.function",
            "org.osgi.util.promise", "slf4j.api", "slf4j.simple", "com.google.gson", "org.apache.felix.metatype");

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 10);
        Path target = Path.of(DeployBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path fixtures = target.resolve("fixtures");
        Path agentJar;
        try (var s = Files.list(target)) {
            agentJar = s.filter(p -> p.getFileName().toString().matches("org\\.cabinetgw\\.deploy-.*\\.jar")
                    && !p.getFileName().toString().contains("-tests")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the bundle first: mvn -o -pl bundles/deploy install"));
        }
        Path work = Files.createTempDirectory("cabinetgw-deploy-bench");
        Map<String, byte[]> packages = new HashMap<>();
        for (String v : List.of("v1", "v2", "broken")) {
            packages.put(v, Files.readAllBytes(fixtures.resolve("org.cabinetgw.dp.fixture." + v + ".dp")));
        }

        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        packages.forEach((v, bytes) -> http.createContext("/" + v + ".dp", x -> {
            x.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }));
        http.start();

        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, work.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the harness and the bundles share the contracts it calls: the system bundle exports them
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.cabinetgw.deploy;version=1.0.0,org.cabinetgw.health;version=1.0.0");
        config.put("cabinetgw.data.dir", work.resolve("data").toString());
        // no resolver thread pool: its threads would outlive the harness inside exec:java
        config.put("felix.resolver.parallelism", "1");
        config.put("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Felix felix = new Felix(config);
        felix.init();
        BundleContext ctx = felix.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (String entry : classpath()) {
            if (entry.endsWith(".jar") && RUN.contains(bsn(entry))) {
                installed.add(ctx.installBundle(Path.of(entry).toUri().toString()));
            }
        }
        installed.add(ctx.installBundle(agentJar.toUri().toString()));
        felix.start();
        for (Bundle b : installed) {
            b.start();
        }
        long frameworkStart = felix.getLastModified();

        // configure the agent through ConfigurationAdmin (by reflection: its classes are the bundle's own)
        Object cm = await(ctx, "org.osgi.service.cm.ConfigurationAdmin", null);
        Object configuration = cm.getClass().getMethod("getConfiguration", String.class, String.class).invoke(cm,
                "org.cabinetgw.deploy.agent", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("trust.store", target.getParent().resolve("../../kura-deploy/target/signing/trust.p12").normalize().toString());
        props.put("trust.store.password", "cabinetgw-test");
        props.put("download.allow.http", true);
        props.put("health.gate.seconds", 10);
        props.put("bench.marker", "1");
        Method update = configuration.getClass().getMethod("update", java.util.Dictionary.class);
        update.setAccessible(true);
        update.invoke(configuration, props);
        CommandHandler agent = (CommandHandler) await(ctx, CommandHandler.class.getName(), "(bench.marker=1)");
        Object deploymentAdmin = await(ctx, "org.osgi.service.deploymentadmin.DeploymentAdmin", null);

        // availability of the updated service: unregistered -> registered again
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        long[] downSince = { -1 };
        ctx.addServiceListener(e -> {
            if (e.getType() == ServiceEvent.UNREGISTERING) {
                downSince[0] = System.nanoTime();
            } else if (e.getType() == ServiceEvent.REGISTERED && downSince[0] > 0) {
                gaps.add(System.nanoTime() - downSince[0]);
                downSince[0] = -1;
            }
        }, "(health.component=deploy.fixture)");

        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        long job = 1;
        expect(agent, base, packages, "v1", "1.0.0", job++, "COMPLETED"); // the first install: not measured
        List<Long> updates = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String v = i % 2 == 0 ? "v2" : "v1";
            updates.add(expect(agent, base, packages, v, v.equals("v2") ? "2.0.0" : "1.0.0", job++, "COMPLETED"));
        }
        List<Long> rollbacks = new ArrayList<>();
        for (int i = 0; i < Math.max(3, rounds / 3); i++) {
            rollbacks.add(expect(agent, base, packages, "broken", "3.0.0", job++, "FAILED"));
        }
        // the anchor: Deployment Admin alone, same packages, no download/verification/gate
        Method install = deploymentAdmin.getClass().getMethod("installDeploymentPackage", InputStream.class);
        install.setAccessible(true);
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            byte[] dp = unsigned(packages.get(i % 2 == 0 ? "v2" : "v1"));
            long t0 = System.nanoTime();
            install.invoke(deploymentAdmin, new java.io.ByteArrayInputStream(dp));
            direct.add(System.nanoTime() - t0);
        }
        boolean restarted = felix.getLastModified() != frameworkStart || felix.getState() != Bundle.ACTIVE;

        System.out.println();
        System.out.println("Deploy agent benchmark: " + rounds + " updates 1.0.0 <-> 2.0.0 of org.cabinetgw.deploy.fixture, "
                + rollbacks.size() + " failing updates (3.0.0 throws in activate)");
        System.out.printf("  request -> installed and healthy (agent)     median %7.1f ms   max %7.1f ms%n", median(updates), max(updates));
        System.out.printf("  Deployment Admin install alone (anchor)      median %7.1f ms   max %7.1f ms%n", median(direct), max(direct));
        System.out.printf("  request -> rolled back and reported          median %7.1f ms   max %7.1f ms%n", median(rollbacks), max(rollbacks));
        System.out.printf("  longest gap in the updated service           %7.1f ms over %d restarts of it (updates, rollbacks, anchor installs)%n",
                max(gaps), gaps.size());
        System.out.println("  framework restarted                          " + (restarted ? "YES" : "no"));
        System.out.println("  messages lost                                not measured here: needs the uplink end to end (see README)");
        felix.stop();
        felix.waitForStop(10_000);
        http.stop(0);
    }

    private static long expect(CommandHandler agent, String base, Map<String, byte[]> packages, String which, String version,
            long job, String status) throws Exception {
        BlockingQueue<String> ends = new LinkedBlockingQueue<>();
        CommandResponder responder = new CommandResponder() {
            @Override
            public void reply(int code, byte[] body) {
                if (code != OK) {
                    ends.add("reply " + code + " " + new String(body, StandardCharsets.UTF_8));
                }
            }

            @Override
            public void notify(String resource, byte[] body) {
                String b = new String(body, StandardCharsets.UTF_8);
                if (resource.equals("install") && !b.contains("IN_PROGRESS") || b.contains("\"FAILED\"")) {
                    ends.add(b);
                }
            }
        };
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(packages.get(which)));
        String body = "{\"dp.uri\":\"" + base + "/" + which + ".dp\",\"dp.name\":\"org.cabinetgw.deploy.fixture\",\"dp.version\":\""
                + version + "\",\"job.id\":" + job + ",\"dp.download.hash\":\"SHA256:" + sha + "\"}";
        long t0 = System.nanoTime();
        agent.handle(new CommandRequest("EXEC", List.of("download"), "b" + job, "bench", body.getBytes(StandardCharsets.UTF_8)), responder);
        String end = ends.poll(60, TimeUnit.SECONDS);
        long took = System.nanoTime() - t0;
        if (end == null || !end.contains("\"" + status + "\"")) {
            throw new IllegalStateException("job " + job + " (" + which + ") ended with " + end);
        }
        return took;
    }

    private static Object await(BundleContext ctx, String clazz, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            // all references: the harness reaches ConfigurationAdmin and DeploymentAdmin by reflection, not by class
            ServiceReference<?>[] refs = ctx.getAllServiceReferences(clazz, filter);
            if (refs != null && refs.length > 0) {
                Object s = ctx.getService(refs[0]);
                if (s != null) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + clazz + " " + (filter == null ? "" : filter));
    }

    /** exec:java runs this in a class loader of its own: its URLs are the test class path. */
    private static List<String> classpath() throws Exception {
        List<String> entries = new ArrayList<>();
        if (DeployBenchmark.class.getClassLoader() instanceof java.net.URLClassLoader u) {
            for (java.net.URL url : u.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        return entries;
    }

    private static String bsn(String jar) {
        try (JarFile j = new JarFile(jar)) {
            String v = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return v == null ? "" : v.split(";")[0].trim();
        } catch (Exception e) {
            return "";
        }
    }

    /** What the agent hands to Felix Deployment Admin 0.9.6: the package without its signature files. */
    private static byte[] unsigned(byte[] dp) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(dp)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String n = e.getName();
                if (n.startsWith("META-INF/") && (n.endsWith(".SF") || n.endsWith(".EC") || n.endsWith(".RSA"))) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(n));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static double median(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(s.size() / 2) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
    }
}
