package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The deploy agent end to end inside the framework: requests through its CommandHandler (the test
 * stands in for the channel only), packages from a real HTTP server, real Deployment Admin, real DS.
 */
class DeployAgentIT {

    static final String PID = "org.cabinetgw.deploy.agent";
    /**
     * The window of a "nothing more is done" check (a recovery not run twice, no verdict from a stopped one): the
     * agent writes its journal within milliseconds of acting; this allows a loaded machine. It cannot be awaited:
     * the assertion is an absence.
     */
    static final long QUIET_MILLIS = 500;
    /** The packages' repository, closed by JUnit after the last test. */
    @AutoClose
    static PackageServer server;
    static byte[] tampered;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    CommandHandler agent;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    ServiceRegistration<EventHandler> listener;

    @BeforeAll
    static void serve() throws Exception {
        server = PackageServer.withFixtures("v1", "v2", "broken");
        tampered = tamperedBytes();
        server.put("/tampered.dp", tampered);
        server.putSlow("/slow.dp", "v1", 1500);
    }

    @BeforeEach
    void configure() throws Exception {
        activateNewAgent();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, DeployEvents.TOPIC_PREFIX + "*");
        listener = context.registerService(EventHandler.class, events::add, topics);
        Fixtures.removeAll(deploymentAdmin);
    }

    /**
     * Configured once per test: a configuration change replaces the agent instance, and a request
     * sent to the instance going away would be cut short. The marker makes each configuration a new one;
     * the new instance is the agent with a service id not seen before.
     * Also what a restart of the gateway looks like to the agent: a new instance on the same data.
     */
    private void activateNewAgent() throws Exception {
        activateNewAgent(Map.of());
    }

    /** As {@link #activateNewAgent()}, with {@code more} settings. */
    private void activateNewAgent(Map<String, Object> more) throws Exception {
        agent = Agents.activateNew(configurationAdmin, context, more);
    }

    @AfterEach
    void clean() throws Exception {
        listener.unregister();
        Fixtures.removeAll(deploymentAdmin);
    }

    @Test
    void noSecretReachesAServiceProperty() throws Exception {
        // configured with trust.store.password (activateNewAgent): DS would publish it as a service property,
        // readable by every bundle and on the web console's services page
        assertThat(org.cabinetgw.testing.SecretServiceProperties.find(context, "org.cabinetgw.")).isEmpty();
        ServiceReference<CommandHandler> ref = context.getServiceReferences(CommandHandler.class,
                "(" + CommandHandler.APP_ID + "=DEPLOY-V2)").iterator().next();
        assertThat(ref.getPropertyKeys()).as("no configuration at all, only what finds the service")
                .doesNotContain("trust.store", "itest.marker", "download.allow.http");
    }

    @Test
    void downloadsInstallsAndUpdatesWithoutARestart() throws Exception {
        long frameworkStarted = context.getBundle(0).getLastModified();

        RecordingResponder r1 = download(1, "v1", "1.0.0", null);
        assertThat(r1.reply().status()).isEqualTo(CommandResponder.OK);
        RecordingResponder.Note done1 = r1.end("install", "dp.install.status", 30_000);
        assertThat(done1.body()).containsEntry("dp.install.status", "COMPLETED");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));

        RecordingResponder r2 = download(2, "v2", "2.0.0", null);
        assertThat(r2.reply().status()).isEqualTo(CommandResponder.OK);
        assertThat(r2.end("download", "dp.download.status", 30_000).body()).containsEntry("dp.download.status", "COMPLETED")
                .containsEntry("dp.download.progress", 100.0);
        assertThat(r2.end("install", "dp.install.status", 30_000).body()).containsEntry("dp.install.status", "COMPLETED");
        Bundle b = Fixtures.bundle(context);
        assertThat(b.getVersion()).isEqualTo(new Version(2, 0, 0));
        assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);

        Event installed = event(DeployEvents.INSTALLED, 2);
        assertThat(installed.getProperty(DeployEvents.PREVIOUS_VERSION)).isEqualTo("1.0.0");
        assertThat(installed.getProperty(DeployEvents.VERSION)).isEqualTo("2.0.0");
        assertThat(context.getBundle(0).getLastModified()).isEqualTo(frameworkStarted);

        String journal = Files.readString(Path.of(System.getProperty("cabinetgw.data.dir"), "deploy", "journal.jsonl"));
        assertThat(journal).contains("\"job.id\":2").contains("\"result\":\"INSTALLED\"").contains("\"requester\":\"itest-client\"")
                .contains("\"sha256.actual\":\"" + Fixtures.sha256(Fixtures.bytes("v2")) + "\"");
    }

    @Test
    void aPackageWhoseComponentFailsIsRolledBackToThePreviousVersion() throws Exception {
        RecordingResponder r1 = download(10, "v1", "1.0.0", null);
        assertThat(r1.end("install", "dp.install.status", 30_000).body()).containsEntry("dp.install.status", "COMPLETED");

        RecordingResponder r = download(11, "broken", "3.0.0", null);
        Map<String, Object> end = r.end("install", "dp.install.status", 30_000).body();
        assertThat(end).containsEntry("dp.install.status", "FAILED");
        assertThat((String) end.get("dp.install.error")).contains("failed to activate").contains("fails in activate on purpose")
                .contains("version 1.0.0 reinstalled");
        Bundle b = Fixtures.bundle(context);
        assertThat(b.getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(deploymentAdmin.getDeploymentPackage(Fixtures.NAME).getVersion()).isEqualTo(new Version(1, 0, 0));
        Event rolledBack = event(DeployEvents.ROLLED_BACK, 11);
        assertThat(rolledBack.getProperty(DeployEvents.PREVIOUS_VERSION)).isEqualTo("1.0.0");
        assertThat(agentHealth()).isEqualTo(HealthState.DEGRADED);
    }

    @Test
    void aBrokenFirstInstallIsRemovedAgain() throws Exception {
        RecordingResponder r = download(20, "broken", "3.0.0", null);
        assertThat(r.end("install", "dp.install.status", 30_000).body().get("dp.install.error").toString())
                .contains("removed again");
        assertThat(Fixtures.bundle(context)).isNull();
    }

    @Test
    void aWrongHashABadSignatureAndAnUnreachableServerChangeNothing() throws Exception {
        install(30, "v1", "1.0.0");

        RecordingResponder wrongHash = download(31, "v2", "2.0.0", "00".repeat(32));
        // the requester learns nothing of what answered at dp.uri before the hash matched (a probe of the network)
        assertThat(failure(wrongHash)).startsWith("download failed (incident ").doesNotContain("hash");

        RecordingResponder badSignature = download(32, "tampered", "2.0.0", Fixtures.sha256(tampered));
        assertThat(failure(badSignature)).contains("signature does not match");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RecordingResponder unreachable = request("EXEC", "download", downloadBody(33, "http://127.0.0.1:" + closed + "/v2.dp",
                "2.0.0", Fixtures.sha256(Fixtures.bytes("v2"))));
        assertThat(unreachable.reply().status()).isEqualTo(CommandResponder.OK);
        String told = failure(unreachable);
        assertThat(told).startsWith("download failed (incident ").doesNotContain("127.0.0.1").doesNotContain(Integer.toString(closed));
        String incident = told.replaceAll(".*incident ([0-9a-f]{8}).*", "$1");
        assertThat(Files.readString(Path.of(System.getProperty("cabinetgw.data.dir"), "deploy", "journal.jsonl")))
                .as("the detail stays on the gateway").contains("cannot reach 127.0.0.1:" + closed)
                .contains(incident);

        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(event(DeployEvents.FAILED, 33).getProperty(DeployEvents.REASON).toString()).contains("cannot reach");
    }

    @Test
    void aMalformedRequestIsAnsweredNamingTheField() throws Exception {
        RecordingResponder r = request("EXEC", "download", "{\"dp.uri\":\"" + server.url("/v1.dp")
                + "\",\"dp.name\":\"" + Fixtures.NAME + "\",\"dp.version\":\"1.0.0\",\"job.id\":40}");
        RecordingResponder.Reply reply = r.reply();
        assertThat(reply.status()).isEqualTo(CommandResponder.BAD_REQUEST);
        assertThat(reply.body()).containsEntry("field", "dp.download.hash");
        assertThat(reply.body().get("error").toString()).contains("dp.download.hash is missing");

        RecordingResponder garbage = request("EXEC", "download", "\u0000{not json");
        assertThat(garbage.reply().body()).containsEntry("field", "body");
        RecordingResponder unknown = request("EXEC", "format-disk", "{}");
        assertThat(unknown.reply().status()).isEqualTo(CommandResponder.NOT_FOUND);
        assertThat(Fixtures.bundle(context)).isNull();
    }

    @Test
    void aSecondDeploymentWhileOneRunsIsRefusedClearly() throws Exception {
        RecordingResponder slow = request("EXEC", "download", downloadBody(50, server.url("/slow.dp"), "1.0.0",
                Fixtures.sha256(Fixtures.bytes("v1"))));
        assertThat(slow.reply().status()).isEqualTo(CommandResponder.OK);
        RecordingResponder second = download(51, "v2", "2.0.0", null);
        RecordingResponder.Reply busy = second.reply();
        assertThat(busy.status()).isEqualTo(CommandResponder.BUSY);
        assertThat(busy.body().get("error").toString()).contains("another deployment is in progress").contains("job 50");
        assertThat(slow.end("install", "dp.install.status", 30_000).body()).containsEntry("dp.install.status", "COMPLETED");
    }

    @Test
    void listsPackagesAndBundlesAndUninstalls() throws Exception {
        install(60, "v2", "2.0.0");
        RecordingResponder packages = request("GET", "packages", "");
        RecordingResponder.Reply p = packages.reply();
        assertThat(p.status()).isEqualTo(CommandResponder.OK);
        assertThat(p.body().get("packages").toString()).contains("name=" + Fixtures.NAME).contains("version=2.0.0");
        RecordingResponder bundles = request("GET", "bundles", "");
        RecordingResponder.Reply b = bundles.reply();
        assertThat(b.body().get("bundles").toString()).contains("name=" + Fixtures.NAME + ", version=2.0.0");
        // what shows that nothing restarted: this framework's UUID and this process
        assertThat(b.body().get("framework").toString())
                .contains("uuid=" + context.getProperty(org.osgi.framework.Constants.FRAMEWORK_UUID))
                .contains("process.id=" + ProcessHandle.current().pid());

        RecordingResponder un = request("EXEC", "uninstall", "{\"dp.name\":\"" + Fixtures.NAME + "\",\"job.id\":61}");
        assertThat(un.reply().status()).isEqualTo(CommandResponder.OK);
        assertThat(un.end("uninstall", "dp.uninstall.status", 30_000).body()).containsEntry("dp.uninstall.status", "COMPLETED");
        assertThat(Fixtures.bundle(context)).isNull();
        RecordingResponder again = request("EXEC", "uninstall", "{\"dp.name\":\"" + Fixtures.NAME + "\",\"job.id\":62}");
        assertThat(again.reply().status()).isEqualTo(CommandResponder.NOT_FOUND);
    }

    @Test
    void withNothingTrustedTheAgentIsUpSaysRemoteDeploymentIsOffAndRefusesSignedPackages() throws Exception {
        // no trust.store, and this framework has no cabinetgw.deploy.trust.certificates property
        String marker = Long.toString(System.nanoTime());
        Configuration c = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("itest.marker", marker);
        p.put("download.allow.http", true);
        java.util.Set<Long> before = agentIds();
        c.update(p);
        agent = awaitAgent(before);

        org.cabinetgw.health.Health h = agentHealthReport();
        assertThat(h.state()).as("not DEGRADED for ever: nobody asked for remote deployment").isEqualTo(HealthState.UP);
        assertThat(h.reason()).contains("remote deployment is off").contains("every package will be refused");
        RecordingResponder r = download(70, "v1", "1.0.0", null);
        assertThat(failure(r)).contains("not in the trust store");
        assertThat(Fixtures.bundle(context)).isNull();
    }

    @Test
    void onlyAllowedRequestersAreServedAndPackagesComeOnlyFromAllowedHosts() throws Exception {
        activateNewAgent(Map.of("command.requesters", " itest-client , other-cloud ", "download.hosts", "packages.example.com"));

        for (String[] req : new String[][] { { "GET", "packages", "" }, { "EXEC", "uninstall", "{\"dp.name\":\"a.b\",\"job.id\":1}" } }) {
            RecordingResponder.Reply intruder = requestAs("intruder", req[0], req[1], req[2]).reply();
            assertThat(intruder.status()).as(req[1]).isEqualTo(403);
            assertThat(intruder.body().get("error").toString()).contains("intruder").contains("command.requesters");
        }
        assertThat(requestAs("other-cloud", "GET", "packages", "").reply().status()).isEqualTo(CommandResponder.OK);

        RecordingResponder.Reply elsewhere = download(90, "v1", "1.0.0", null).reply(); // the test server is 127.0.0.1
        assertThat(elsewhere.status()).isEqualTo(CommandResponder.BAD_REQUEST);
        assertThat(elsewhere.body()).containsEntry("field", "dp.uri");
        assertThat(elsewhere.body().get("error").toString()).contains("127.0.0.1").contains("download.hosts");
        assertThat(Fixtures.bundle(context)).isNull();

        // the build's development key is trusted here: UP, and /health says so
        org.cabinetgw.health.Health h = agentHealthReport();
        assertThat(h.state()).isEqualTo(HealthState.UP);
        assertThat(h.reason()).contains("DEVELOPMENT signing key").contains("-Prelease");
    }

    // ------------------------------------------ a power cut during a deployment, finished at the next start

    @Test
    void anUpdateInterruptedDuringTheHealthGateByAPowerCutIsRolledBackAtTheNextActivation() throws Exception {
        freshJournal();
        install(80, "v1", "1.0.0");
        // The power cut: Deployment Admin had installed 3.0.0 (whose component throws), the agent had
        // written that job 81 began, and nothing after that.
        installDirectly("broken");
        powerCutDuring(81, "3.0.0", "1.0.0");

        activateNewAgent(); // the next start
        Map<String, Object> outcome = journalRecordOf(81, "recovery");
        assertThat(outcome).containsEntry("result", "ROLLED_BACK").containsEntry("previous.version", "1.0.0");
        assertThat(outcome.get("reason").toString()).contains("interrupted by a restart").contains("fails in activate on purpose")
                .contains("version 1.0.0 reinstalled");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(Fixtures.bundle(context).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(deploymentAdmin.getDeploymentPackage(Fixtures.NAME).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(agentHealthReport().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(agentHealthReport().reason()).contains("interrupted by a restart");

        activateNewAgent(); // and the start after: the job is closed, nothing is done twice
        Thread.sleep(QUIET_MILLIS);
        assertThat(journalRecords(81).stream().filter(r -> "recovery".equals(r.get("action")))).hasSize(1);
    }

    @Test
    void anUpdateInterruptedAfterItCameUpIsRecordedInstalledAtTheNextActivation() throws Exception {
        freshJournal();
        install(82, "v1", "1.0.0");
        installDirectly("v2");
        powerCutDuring(83, "2.0.0", "1.0.0");

        activateNewAgent();
        Map<String, Object> outcome = journalRecordOf(83, "recovery");
        assertThat(outcome).containsEntry("result", "INSTALLED");
        assertThat(outcome.get("reason").toString()).contains("found installed and healthy");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(2, 0, 0));
        assertThat(agentHealthReport().state()).isEqualTo(HealthState.UP);
    }

    @Test
    void anInstallThatDeploymentAdminNeverCompletedIsRecordedFailedWithWhatRuns() throws Exception {
        freshJournal();
        install(84, "v1", "1.0.0");
        powerCutDuring(85, "2.0.0", "1.0.0"); // cut before Deployment Admin committed: 1.0.0 still runs

        activateNewAgent();
        Map<String, Object> outcome = journalRecordOf(85, "recovery");
        assertThat(outcome).containsEntry("result", "FAILED");
        assertThat(outcome.get("reason").toString()).contains("before Deployment Admin completed").contains("version 1.0.0 is installed");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    @Test
    void aRecoveryCutShortByTheAgentStoppingIsLeftOpenAndFinishedByTheNextActivation() throws Exception {
        freshJournal();
        install(86, "v1", "1.0.0");
        installDirectly("v2");
        // Left stopped, as Deployment Admin leaves a package's bundles when cut off between stopping and
        // starting them; and above the framework's start level, so that the recovery's start request
        // cannot make it active yet and its health gate waits.
        Bundle fixture = Fixtures.bundle(context);
        org.osgi.framework.startlevel.BundleStartLevel level = fixture.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
        int original = level.getStartLevel();
        fixture.stop();
        level.setStartLevel(100);
        powerCutDuring(87, "2.0.0", "1.0.0");

        activateNewAgent(); // recovers, waiting in the health gate ...
        Thread.sleep(QUIET_MILLIS); // (inside the gate: nothing outside says so)
        activateNewAgent(); // ... and is replaced, as when its configuration arrives just after start-up
        Thread.sleep(QUIET_MILLIS);
        assertThat(journalRecords(87)).as("the stopped recovery gave no verdict").hasSize(1);
        assertThat(level.isPersistentlyStarted()).as("the recovery asked the stopped bundle to start").isTrue();
        level.setStartLevel(original); // now it can come up: the second instance's recovery sees it
        Map<String, Object> outcome = journalRecordOf(87, "recovery");
        assertThat(outcome).containsEntry("result", "INSTALLED");
        assertThat(fixture.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(fixture.getVersion()).isEqualTo(new Version(2, 0, 0));
        Thread.sleep(QUIET_MILLIS);
        assertThat(journalRecords(87)).hasSize(2);
    }

    @Test
    void bundlesDeploymentAdminUpdatedBeforeThePowerCutArePutBackToTheVersionOnItsRecord() throws Exception {
        freshJournal();
        install(88, "v1", "1.0.0");
        // Deployment Admin's session for 2.0.0 had updated the bundle when the power went, and never
        // committed: its record says 1.0.0, the framework runs 2.0.0.
        Bundle fixture = Fixtures.bundle(context);
        long id = fixture.getBundleId();
        fixture.update(new java.io.ByteArrayInputStream(bundleJarOf("v2")));
        assertThat(fixture.getVersion()).isEqualTo(new Version(2, 0, 0));
        powerCutDuring(89, "2.0.0", "1.0.0");

        activateNewAgent();
        Map<String, Object> outcome = journalRecordOf(89, "recovery");
        assertThat(outcome).containsEntry("result", "FAILED");
        assertThat(outcome.get("reason").toString()).contains("lists org.cabinetgw.deploy.fixture 1.0.0")
                .contains("but 2.0.0 is installed").contains("the bundles of 1.0.0 were put back");
        Bundle after = Fixtures.bundle(context);
        assertThat(after.getBundleId()).as("put back in place: the bundle keeps its data").isEqualTo(id);
        assertThat(after.getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(after.getState()).isEqualTo(Bundle.ACTIVE);
    }

    /**
     * The power went after the package's bundle had been uninstalled (a rollback's step, or Deployment Admin's), with
     * Deployment Admin's record still naming it: the bundle is installed again from the version on record. Seen in
     * runtime's RemoteDeploymentIT power-cut test: "lists ... 2.0.0, but it is not installed; could not put 2.0.0
     * back", the package gone from the gateway until an operator stepped in.
     */
    @Test
    void aBundleUninstalledBeforeThePowerCutIsInstalledAgainFromTheVersionOnRecord() throws Exception {
        freshJournal();
        install(90, "v1", "1.0.0");
        Fixtures.bundle(context).uninstall();
        powerCutDuring(91, "2.0.0", "1.0.0");

        activateNewAgent();
        Map<String, Object> outcome = journalRecordOf(91, "recovery");
        assertThat(outcome).containsEntry("result", "FAILED");
        assertThat(outcome.get("reason").toString()).contains("lists org.cabinetgw.deploy.fixture 1.0.0")
                .contains("but it is not installed").contains("the bundles of 1.0.0 were put back");
        Bundle after = Fixtures.bundle(context);
        assertThat(after.getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(after.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(deploymentAdmin.getDeploymentPackage(Fixtures.NAME).getBundle(after.getSymbolicName()))
                .as("Deployment Admin's record finds it again").isNotNull();
    }

    /** The bundle inside a fixture package. */
    private static byte[] bundleJarOf(String which) throws Exception {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(Fixtures.bytes(which)))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().startsWith("bundles/") && e.getName().endsWith(".jar")) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no bundle in " + which);
    }

    /** What the agent's journal holds after a power cut in the middle of job {@code job}: its IN_PROGRESS line, last. */
    private static void powerCutDuring(long job, String version, String previous) throws Exception {
        String line = "{\"time\":\"" + java.time.Instant.now() + "\",\"job.id\":" + job + ",\"action\":\"download\","
                + "\"requester\":\"itest-client\",\"request.id\":\"req-" + job + "\",\"package\":\"" + Fixtures.NAME
                + "\",\"version\":\"" + version + "\",\"previous.version\":\"" + previous + "\",\"result\":\"IN_PROGRESS\"}\n";
        Files.writeString(journalFile(), line, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The data directory outlives a run (target/): earlier runs' records of the same job ids must not count. */
    private static void freshJournal() throws Exception {
        Files.deleteIfExists(journalFile());
    }

    private void installDirectly(String which) throws Exception {
        try (java.io.InputStream in = new java.io.ByteArrayInputStream(DeploymentAdminIT.withoutSignatureFiles(Fixtures.bytes(which)))) {
            deploymentAdmin.installDeploymentPackage(in);
        }
    }

    private static Path journalFile() {
        return Path.of(System.getProperty("cabinetgw.data.dir"), "deploy", "journal.jsonl");
    }

    private static List<Map<String, Object>> journalRecords(long job) throws Exception {
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(journalFile())) {
            Map<String, Object> r = new com.google.gson.Gson().fromJson(line,
                    new com.google.gson.reflect.TypeToken<Map<String, Object>>() { }.getType());
            if (r != null && r.get("job.id") instanceof Number n && n.longValue() == job) {
                records.add(r);
            }
        }
        return records;
    }

    /** Waits (30 s) for the record of job {@code job} written by {@code action}. */
    private static Map<String, Object> journalRecordOf(long job, String action) throws Exception {
        return Await.nonNull("the " + action + " record of job " + job + " in " + journalFile(), Duration.ofSeconds(30),
                () -> journalRecords(job).stream().filter(r -> action.equals(r.get("action"))).findFirst().orElse(null));
    }

    // ---------------------------------------------------------------- helpers

    private void install(long job, String which, String version) throws Exception {
        RecordingResponder r = download(job, which, version, null);
        assertThat(r.end("install", "dp.install.status", 30_000).body()).containsEntry("dp.install.status", "COMPLETED");
    }

    /** v2 with one byte of its bundle changed, written as a well-formed package: only the signature can tell. */
    private static byte[] tamperedBytes() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(Fixtures.bytes("v2")));
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] b = in.readAllBytes();
                if (e.getName().startsWith("bundles/")) {
                    b[b.length / 3] ^= 0x10;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private String failure(RecordingResponder r) throws Exception {
        RecordingResponder.Note n = r.end("download", "dp.download.status", 30_000);
        assertThat(n.body()).containsEntry("dp.download.status", "FAILED");
        return n.body().get("dp.download.error").toString();
    }

    private RecordingResponder download(long job, String which, String version, String hash) throws Exception {
        String sha = hash != null ? hash : Fixtures.sha256(Fixtures.bytes(which));
        return request("EXEC", "download", downloadBody(job, server.url("/" + which + ".dp"), version, sha));
    }

    private static String downloadBody(long job, String url, String version, String sha) {
        return "{\"dp.uri\":\"" + url + "\",\"dp.name\":\"" + Fixtures.NAME + "\",\"dp.version\":\"" + version
                + "\",\"job.id\":" + job + ",\"dp.download.hash\":\"SHA256:" + sha + "\",\"dp.install\":true}";
    }

    private RecordingResponder request(String method, String resource, String body) {
        return requestAs("itest-client", method, resource, body);
    }

    private RecordingResponder requestAs(String requester, String method, String resource, String body) {
        RecordingResponder r = new RecordingResponder();
        agent.handle(new CommandRequest(method, List.of(resource), "req-" + System.nanoTime(), requester,
                body.getBytes(StandardCharsets.UTF_8)), r);
        return r;
    }

    /** The next {@code topic} event of that job; events of other topics or jobs are skipped. */
    private Event event(String topic, long job) throws InterruptedException {
        return Await.until("a " + topic + " event for job " + job, Duration.ofSeconds(10),
                () -> events.poll(200, TimeUnit.MILLISECONDS),
                e -> e != null && e.getTopic().equals(topic) && Long.valueOf(job).equals(e.getProperty(DeployEvents.JOB_ID)));
    }

    private HealthState agentHealth() throws Exception {
        return agentHealthReport().state();
    }

    private org.cabinetgw.health.Health agentHealthReport() throws Exception {
        Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                "(" + HealthContributor.COMPONENT + "=deploy.agent)");
        assertThat(refs).hasSize(1);
        ServiceReference<HealthContributor> ref = refs.iterator().next();
        try {
            return context.getService(ref).health();
        } finally {
            context.ungetService(ref);
        }
    }

    private java.util.Set<Long> agentIds() throws Exception {
        return Agents.ids(context);
    }

    private CommandHandler awaitAgent(java.util.Set<Long> before) throws Exception {
        return Agents.awaitNew(context, before);
    }
}
