package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the gateway: reads the flags, prepares the data directory, starts Felix with the bundles
 * embedded in this jar, and stops it cleanly on SIGTERM (systemd) or Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (Options.BadFlag e) {
            System.err.println("cabinetgw: " + e.getMessage());
            System.err.println("Try 'java -jar cabinetgw.jar --help'.");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        if (options.version()) {
            System.out.println("Cabinet Gateway " + version());
            return;
        }
        if (options.checkConfig() != null) {
            System.exit(SiteConfiguration.check(options.checkConfig(), System.out));
            return;
        }
        try {
            System.exit(run(options, startNanos));
        } catch (IOException e) {
            System.err.println("cabinetgw: cannot start: " + Errors.explain(e));
            System.exit(1);
        } catch (BundleException | RuntimeException e) {
            System.err.println("cabinetgw: cannot start: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    private static int run(Options options, long startNanos) throws IOException, BundleException, InterruptedException {
        StartTimeline.step("launcher: main");
        boolean demo = EmbeddedBundles.isDemo();
        // The demo never shares a data directory with a real gateway by accident.
        Path dataDir = options.dataDir() != null ? options.dataDir() : Path.of(demo ? "data-demo" : "data");
        DataDirectory data;
        try {
            data = DataDirectory.prepare(dataDir);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException(Errors.dataDirectory(dataDir, e), e);
        }
        // before anything else in it is touched, and before the port: a second instance says who runs
        DataLock lock = DataLock.acquire(data.root(), DataLock.describeThisProcess(""));
        checkPortFree(options.httpHost(), options.httpPort());
        StartTimeline.step("launcher: data directory locked, port free");
        String identity = GatewayIdentity.load(data.etc().resolve("identity"));
        StartTimeline.step("launcher: identity");
        // read now; checked against every bundle's settings while the framework is made (loadAlongside)
        java.util.concurrent.Future<SiteSettings> checkedSite = SiteConfiguration.loadAlongside(options.configFile(),
                data.etc().resolve("site-applied.properties"), System.err);
        StartTimeline.step("launcher: site file read");
        // a new password's slow hash is made while the framework starts (ConsoleCredentials.begin)
        ConsoleCredentials.Pending pendingCredentials = ConsoleCredentials.begin(data.consoleCredentials(),
                options.consoleUser(), options.consolePasswordFile());
        StartTimeline.step("launcher: console credentials (a new password's hash under way)");

        // logback reads these before any bundle logs
        System.setProperty("logback.configurationFile", data.logbackConfig().toString());
        System.setProperty("cabinetgw.log.dir", data.logs().toString());
        System.setProperty("cabinetgw.log.level", options.logLevel());

        Map<String, String> props = frameworkProperties(options, data, pendingCredentials.user());
        StartTimeline.step("launcher: framework properties (seed packages written)");
        props.put(GatewayIdentity.PROPERTY, identity);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(props);
        framework.init();
        StartTimeline.step("launcher: framework initialised (bundle cache opened)");
        StartTimeline.follow(framework.getBundleContext());
        // components activate once, with their feature's configuration (see ConfigurationFirst)
        ConfigurationFirst.install(framework.getBundleContext());
        StartLevels levels = new StartLevels(list(props, "cabinetgw.startlevel.first"),
                list(props, "cabinetgw.startlevel.delivery"), list(props, "cabinetgw.startlevel.watchers"));
        List<Bundle> bundles = EmbeddedBundles.reconcile(framework.getBundleContext(), data.embeddedDigests(), levels);
        StartTimeline.step("launcher: embedded bundles reconciled");
        // before any bundle starts: ConfigurationAdmin registers only then
        SiteSettings site = SiteConfiguration.await(checkedSite);
        SiteConfiguration.install(site, framework.getBundleContext());
        StartTimeline.step("launcher: site file checked");
        // the producers stop before the uplink (see StartLevels); also for what Deployment Admin installs later
        levels.apply(framework.getBundleContext());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "cabinetgw-shutdown"));
        for (Bundle b : bundles) {
            try {
                b.start(Bundle.START_ACTIVATION_POLICY);
            } catch (BundleException e) {
                // One broken bundle must not keep the gateway down; /health and the log name it.
                System.err.println("cabinetgw: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
            }
        }
        framework.start();
        SiteConfiguration.started(site, framework.getBundleContext());
        ConsoleCredentials.Credentials credentials = pendingCredentials.await();
        StartTimeline.step("launcher: framework started, console credentials written, banner next");
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        String url = "http://" + options.httpHost() + ":" + options.httpPort();
        StringBuilder banner = new StringBuilder()
                .append("Cabinet Gateway ").append(version()).append(demo ? " DEMO (simulated cabinet)" : "")
                .append(" started in ").append(millis).append(" ms; data in ").append(data.root()).append('\n')
                .append("  identity:    ").append(identity).append(" (the MQTT client id and topic level, unless ")
                .append("client.id is configured)\n")
                .append("  health:      ").append(url).append("/health\n")
                .append("  web console: ").append(url).append("/system/console (user ").append(credentials.user())
                .append(")\n");
        if (java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM"))) {
            // a newcomer's plain java -jar: say why it takes more memory than the published figures
            banner.append("  memory:      the JVM's default options (about 190 MB resident); the README's run command")
                    .append(" (java @runtime/jvm.options -jar ...) keeps it under 128 MB\n");
        }
        if (credentials.missingPasswordFile() != null) {
            banner.append("  first start: ").append(credentials.missingPasswordFile())
                    .append(" does not exist, so a password was generated\n");
        }
        if (credentials.generatedPassword() != null) {
            banner.append("  first start: the web console password is ").append(credentials.generatedPassword())
                    .append("\n               (shown only now; its hash is in ").append(data.consoleCredentials())
                    .append("; delete that file to choose a new one at the next start)\n");
        }
        System.out.print(banner); // one write, so nobody reads half of it
        System.out.flush();
        // now the shell: its prompt after the banner, not before the start-up log (see EmbeddedBundles)
        framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).setStartLevel(StartLevels.SHELL);
        FrameworkEvent stopped = framework.waitForStop(0);
        java.lang.ref.Reference.reachabilityFence(lock); // held until the framework has stopped
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    private static List<String> list(Map<String, String> props, String key) {
        String v = props.getOrDefault(key, "");
        return v.isBlank() ? List.of() : List.of(v.trim().split("\\s*,\\s*"));
    }

    static Map<String, String> frameworkProperties(Options options, DataDirectory data,
            ConsoleCredentials.Credentials credentials) throws IOException {
        return frameworkProperties(options, data, credentials.user());
    }

    static Map<String, String> frameworkProperties(Options options, DataDirectory data, String consoleUser)
            throws IOException {
        Map<String, String> props = new HashMap<>();
        try (InputStream in = Main.class.getResourceAsStream("framework.properties")) {
            java.util.Properties defaults = new java.util.Properties();
            defaults.load(in);
            defaults.forEach((k, v) -> props.put((String) k, (String) v));
            // one of these given as -Dkey=value replaces the jar's (as in Felix's own launcher): e.g.
            // -Dds.loglevel=debug, Declarative Services' account of every activation (ActivationCountIT reads it)
            defaults.stringPropertyNames().stream().filter(k -> System.getProperty(k) != null)
                    .forEach(k -> props.put(k, System.getProperty(k)));
        }
        props.put("org.osgi.framework.storage", data.framework().toString());
        props.put("felix.cm.dir", data.configuration().toString());
        props.put("cabinetgw.data.dir", data.root().toString());
        if (Files.isReadable(data.deploySigner())) {
            // the deploy agent trusts this build's packages unless its trust.store names another store
            props.put("cabinetgw.deploy.trust.certificates", data.deploySigner().toString());
        }
        Path seeds = SeedPackages.install(data.seeds());
        if (seeds != null) {
            // the capabilities' packages: the deploy agent installs them (see SeedPackages)
            props.put("cabinetgw.deploy.seeds", seeds.toString());
        }
        props.put("org.osgi.service.http.port", Integer.toString(options.httpPort()));
        props.put("org.apache.felix.http.host", options.httpHost());
        // The site file (--config) is applied by the launcher itself (SiteSettings), not handed to the
        // Configurator as configurator.initial: the Configurator applies a file once per version, and
        // leaves alone what it did not write.
        props.put("felix.webconsole.username", consoleUser);
        // The core bundle checks logins against this file (no hash in the framework properties, which the
        // console prints); felix.webconsole.password stays unset: the console's own check is off.
        props.put("cabinetgw.console.credentials", data.consoleCredentials().toString());
        boolean shell = options.shell() != null ? options.shell() : System.console() != null;
        // Without a terminal (systemd) the shell must not read stdin, or it would stop the gateway at EOF.
        props.put("gosh.args", shell ? "" : "--nointeractive");
        // the shell's profile, with our prompt, is <data>/etc/gosh_profile (see ShellProfile)
        ShellProfile.write(data.root());
        props.put("gosh.home", data.root().toString());
        return props;
    }

    /**
     * Jetty would only log a failed bind and the gateway would run without /health; better to refuse
     * to start and say which port to change.
     */
    static void checkPortFree(String host, int port) throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port));
        } catch (java.net.UnknownHostException e) {
            throw new IOException("--http-host " + host + " is not an address of this machine");
        } catch (java.net.BindException e) {
            throw new IOException(PortCheck.explain(host, port, e));
        }
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
                FrameworkEvent e = framework.waitForStop(30_000);
                System.out.println(e.getType() == FrameworkEvent.WAIT_TIMEDOUT
                        ? "Cabinet Gateway did not stop within 30 s"
                        : "Cabinet Gateway stopped");
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("cabinetgw: unclean stop: " + e.getMessage());
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
