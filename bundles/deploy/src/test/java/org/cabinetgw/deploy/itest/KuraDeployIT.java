package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * DEPLOY-V2 as a Kura cloud sends it, to the real agent in Felix (real Deployment Admin, packages from a real HTTP
 * server): requests as typed metrics (what the uplink's channel hands over in Kura mode), answers checked for
 * Kura's metric names AND types, GET/packages and GET/bundles as Kura's XML documents, the status requests, a
 * cancelled download, a rollback reported FAILED with its reason, and typed input Kura would never send.
 */
class KuraDeployIT {

    /** The packages' repository, closed by JUnit after the last test. */
    @AutoClose
    static PackageServer server;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    CommandHandler agent;

    @BeforeAll
    static void serve() throws Exception {
        server = PackageServer.withFixtures("v1", "broken");
        // one byte, then nothing for 3 s: long enough to ask for the status and cancel it under any load
        server.putSlow("/stalling.dp", "v1", 3000);
    }

    @BeforeEach
    void configure() throws Exception {
        agent = Agents.activateNew(configurationAdmin, context, Map.of());
        Fixtures.removeAll(deploymentAdmin);
    }

    @AfterEach
    void clean() throws Exception {
        Fixtures.removeAll(deploymentAdmin);
    }

    @Test
    void aDeploymentIsAnsweredInKurasMetricsAndTheListingsInKurasXml() throws Exception {
        TypedResponder r = request("EXEC", "download", download(41, "v1", "1.0.0"));
        assertThat(r.reply().status()).isEqualTo(CommandResponder.OK);
        TypedResponder.Note downloaded = r.end("download", "dp.download.status", 30_000);
        assertThat(downloaded.message().metrics()).containsEntry("dp.download.status", "COMPLETED")
                .containsEntry("job.id", 41L) // INT64
                .containsEntry("dp.download.progress", 100) // INT32
                .containsEntry("dp.download.size", Fixtures.bytes("v1").length) // INT32, as Kura sends it
                .containsEntry("dp.download.index", 0);
        TypedResponder.Note installed = r.end("install", "dp.install.status", 30_000);
        assertThat(installed.message().metrics()).containsEntry("dp.install.status", "COMPLETED")
                .containsEntry("dp.install.progress", 100).containsEntry("job.id", 41L)
                .containsEntry("dp.name", Fixtures.NAME).containsEntry("dp.version", "1.0.0")
                .doesNotContainKey("dp.install.error.message");

        TypedResponder.Reply packages = request("GET", "packages", Map.of()).reply();
        assertThat(packages.status()).isEqualTo(CommandResponder.OK);
        Document p = xml(packages.message().body());
        assertThat(text(p, "/packages/package[name='" + Fixtures.NAME + "']/version")).isEqualTo("1.0.0");
        assertThat(text(p, "/packages/package[name='" + Fixtures.NAME + "']/bundles/bundle/name")).isEqualTo(Fixtures.NAME);
        assertThat(text(p, "/packages/package[name='" + Fixtures.NAME + "']/bundles/bundle/version")).isEqualTo("1.0.0");

        Document b = xml(request("GET", "bundles", Map.of()).reply().message().body());
        Bundle fixture = Fixtures.bundle(context);
        String at = "/bundles/bundle[name='" + Fixtures.NAME + "']/";
        assertThat(text(b, at + "id")).isEqualTo(Long.toString(fixture.getBundleId()));
        assertThat(text(b, at + "state")).isEqualTo("ACTIVE");
        assertThat(text(b, at + "version")).isEqualTo("1.0.0");
        assertThat(count(b, "/bundles/bundle")).isEqualTo(context.getBundles().length);

        assertThat(request("GET", "install", Map.of()).reply().message().metrics())
                .containsEntry("dp.install.status", "IDLE");
        assertThat(request("GET", "download", Map.of()).reply().message().metrics())
                .containsEntry("dp.download.status", "ALREADY DONE").containsEntry("dp.download.progress", 100);
    }

    @Test
    void aRolledBackInstallIsReportedFailedWithTheReason() throws Exception {
        assertThat(request("EXEC", "download", download(42, "v1", "1.0.0")).end("install", "dp.install.status", 30_000)
                .metric("dp.install.status")).isEqualTo("COMPLETED");
        TypedResponder.Note end = request("EXEC", "download", download(43, "broken", "3.0.0"))
                .end("install", "dp.install.status", 30_000);
        assertThat(end.message().metrics()).containsEntry("dp.install.status", "FAILED").containsEntry("job.id", 43L)
                .containsEntry("dp.install.progress", 0);
        assertThat((String) end.metric("dp.install.error.message")).contains("fails in activate on purpose")
                .contains("version 1.0.0 reinstalled");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    @Test
    void aDownloadInProgressIsReportedAndCancelled() throws Exception {
        Map<String, Object> m = download(44, "stalling", "1.0.0");
        Integer size = Fixtures.bytes("v1").length;
        TypedResponder r = request("EXEC", "download", m);
        assertThat(r.reply().status()).isEqualTo(CommandResponder.OK);
        Map<String, Object> status = Await.until("GET/download IN_PROGRESS with the first byte", Duration.ofSeconds(20),
                () -> request("GET", "download", Map.of()).reply().message().metrics(),
                s -> "IN_PROGRESS".equals(s.get("dp.download.status"))
                        && size.equals(s.get("dp.download.size")));
        assertThat(status).containsEntry("job.id", 44L).containsEntry("dp.name", Fixtures.NAME);
        TypedResponder.Reply cancel = request("DEL", "download", Map.of()).reply();
        assertThat(cancel.status()).isEqualTo(CommandResponder.OK);
        assertThat(cancel.message().metrics()).containsEntry("job.id", 44L);
        TypedResponder.Note end = r.end("download", "dp.download.status", 30_000);
        assertThat(end.message().metrics()).containsEntry("dp.download.status", "CANCELLED").containsEntry("job.id", 44L);
        assertThat(Fixtures.bundle(context)).as("nothing installed").isNull();
        TypedResponder.Reply none = request("DEL", "download", Map.of()).reply();
        assertThat(none.status()).isEqualTo(CommandResponder.NOT_FOUND);
        assertThat(none.message().metrics()).containsKey("response.exception.message");
    }

    /**
     * The metrics Kapua's package service puts in an EXEC/download (its translator to Kura, with its default advanced
     * options: block size — its notify block size default, by a slip in Kapua — delay and timeout; dp.download.force
     * from its "restart" option; reboot false with a delay): carried out as any other request.
     */
    @Test
    void kapuasOwnDownloadRequestWithItsDefaultOptionsIsCarriedOut() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job.id", 47L);
        m.put("dp.reboot", false);
        m.put("dp.reboot.delay", 0);
        m.put("dp.uri", server.url("/v1.dp"));
        m.put("dp.name", Fixtures.NAME);
        m.put("dp.version", "1.0.0");
        m.put("dp.download.hash", "SHA256:" + Fixtures.sha256(Fixtures.bytes("v1")));
        m.put("dp.install.system.update", false);
        m.put("dp.download.protocol", "HTTP");
        m.put("dp.install", true);
        m.put("dp.download.force", false);
        m.put("dp.download.block.size", 51_200);
        m.put("dp.download.block.delay", 0);
        m.put("dp.download.timeout", 60_000);
        TypedResponder r = request("EXEC", "download", m);
        assertThat(r.reply().status()).isEqualTo(CommandResponder.OK);
        assertThat(r.end("install", "dp.install.status", 30_000).metric("dp.install.status")).isEqualTo("COMPLETED");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    /**
     * Block size, block delay and notify block size are applied: 1 KiB blocks, one per 200 ms, so the package
     * (6.4 KB) takes at least (blocks - 1) x 200 ms; a progress notification every 2 KiB, exactly one per 2 KiB step
     * (the reads are smaller than the step, so every step is seen), typed as Kura types them.
     */
    @Test
    void theRequestsBlockSizeDelayAndNotifyBlockSizeAreApplied() throws Exception {
        Map<String, Object> m = download(48, "v1", "1.0.0");
        m.put("dp.install", false);
        m.put("dp.download.block.size", 1024);
        m.put("dp.download.block.delay", 200);
        m.put("dp.download.notify.block.size", 2048);
        int size = Fixtures.bytes("v1").length;
        long t0 = System.nanoTime();
        TypedResponder r = request("EXEC", "download", m);
        assertThat(r.reply().status()).isEqualTo(CommandResponder.OK);
        TypedResponder.Note end = r.end("download", "dp.download.status", 60_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(end.message().metrics()).containsEntry("dp.download.status", "COMPLETED").containsEntry("job.id", 48L);
        int blocks = (size + 1023) / 1024;
        assertThat(ms).as("paced: %d blocks of 1 KiB, one per 200 ms", blocks).isGreaterThanOrEqualTo((blocks - 1) * 200L);
        List<TypedResponder.Note> progress = r.sent.stream().filter(n -> n.resource().equals("download")
                && "IN_PROGRESS".equals(n.metric("dp.download.status"))).toList();
        assertThat(progress).as("one IN_PROGRESS per 2 KiB step of %d bytes", size).hasSize(size / 2048 + 1);
        assertThat(progress).allSatisfy(n -> assertThat(n.message().metrics()).containsEntry("dp.download.size", size)
                .containsEntry("job.id", 48L).containsKey("dp.download.progress"));
        assertThat(progress).extracting(n -> n.metric("dp.download.progress")).allMatch(Integer.class::isInstance);
        assertThat(Fixtures.bundle(context)).as("downloaded only").isNull();
    }

    @Test
    void aMalformedDownloadOptionIsABadRequestNamingIt() throws Exception {
        Map<String, Object> negative = download(49, "v1", "1.0.0");
        negative.put("dp.download.block.delay", -5);
        assertRefused(negative, "dp.download.block.delay", "must not be negative");
        Map<String, Object> wrongType = download(49, "v1", "1.0.0");
        wrongType.put("dp.download.timeout", 60_000L);
        assertRefused(wrongType, "dp.download.timeout", "must be of type INT32, was INT64");
        Map<String, Object> force = download(49, "v1", "1.0.0");
        force.put("dp.download.force", "true");
        assertRefused(force, "dp.download.force", "BOOL");
        assertThat(Fixtures.bundle(context)).as("nothing installed").isNull();
    }

    @Test
    void typedInputKuraWouldNeverSendIsABadRequestNamingTheMetric() throws Exception {
        Map<String, Object> stringJobId = download(45, "v1", "1.0.0");
        stringJobId.put("job.id", "45");
        assertRefused(stringJobId, "job.id", "must be of type INT64, was STRING");
        Map<String, Object> int32JobId = download(45, "v1", "1.0.0");
        int32JobId.put("job.id", 45);
        assertRefused(int32JobId, "job.id", "was INT32");
        Map<String, Object> noUri = download(45, "v1", "1.0.0");
        noUri.remove("dp.uri");
        assertRefused(noUri, "dp.uri", "dp.uri is missing");
        Map<String, Object> reboot = download(45, "v1", "1.0.0");
        reboot.put("dp.reboot", true);
        assertRefused(reboot, "dp.reboot", "without a restart");
        Map<String, Object> install = download(45, "v1", "1.0.0");
        install.put("dp.install", "true");
        assertRefused(install, "dp.install", "BOOL");
        Map<String, Object> md5 = download(45, "v1", "1.0.0");
        md5.put("dp.download.hash", "MD5:0123456789abcdef0123456789abcdef");
        assertRefused(md5, "dp.download.hash", "SHA256");
        assertThat(Fixtures.bundle(context)).as("nothing installed").isNull();
    }

    private void assertRefused(Map<String, Object> metrics, String field, String says) throws Exception {
        TypedResponder.Reply r = request("EXEC", "download", metrics).reply();
        assertThat(r.status()).as(field).isEqualTo(CommandResponder.BAD_REQUEST);
        assertThat(r.message().metrics()).containsEntry("field", field);
        assertThat((String) r.message().metrics().get("response.exception.message")).contains(field).contains(says);
    }

    private static Map<String, Object> download(long job, String which, String version) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dp.uri", server.url("/" + which + ".dp"));
        m.put("dp.name", Fixtures.NAME);
        m.put("dp.version", version);
        m.put("dp.download.protocol", "HTTP");
        m.put("job.id", job);
        m.put("dp.install", true);
        m.put("dp.reboot", false);
        m.put("dp.download.block.size", 4096);
        m.put("dp.download.notify.block.size", 4096);
        m.put("dp.download.timeout", 60_000);
        m.put("dp.download.hash", "SHA256:" + Fixtures.sha256(Fixtures.bytes(which.equals("stalling") ? "v1" : which)));
        return m;
    }

    private TypedResponder request(String method, String resource, Map<String, Object> metrics) {
        TypedResponder r = new TypedResponder();
        Map<String, Object> all = new LinkedHashMap<>(metrics);
        all.put("request.id", "-" + System.nanoTime());
        all.put("requester.client.id", "kapua-console");
        agent.handle(new CommandRequest(method, List.of(resource), (String) all.get("request.id"), "kapua-console",
                null, new MetricMessage(all)), r);
        return r;
    }

    private static Document xml(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    private static String text(Document d, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(path, d);
    }

    private static int count(Document d, String path) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(path, d, XPathConstants.NODESET)).getLength();
    }
}
