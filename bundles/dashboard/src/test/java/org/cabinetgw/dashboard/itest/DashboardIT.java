package org.cabinetgw.dashboard.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.deploy.DeploymentRecord;
import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.ArrayMember;
import org.cabinetgw.storage.ArraySnapshot;
import org.cabinetgw.storage.ArrayStatus;
import org.cabinetgw.storage.DiskSnapshot;
import org.cabinetgw.storage.DiskStatus;
import org.cabinetgw.storage.FilesystemSnapshot;
import org.cabinetgw.storage.FilesystemStatus;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.storage.SyncAction;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The dashboard's endpoints over the real Jetty, in core's admin context, with the api services registered
 * by the test as a capability bundle would register them (or not at all).
 */
class DashboardIT {

    static final String PID = "org.cabinetgw.dashboard";
    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Bundle> installed = new ArrayList<>();
    private String base;

    @BeforeEach
    void awaitDashboard() throws Exception {
        base = Http.baseUrl(context) + "cabinet/";
        Http.await(base + "api/snapshot", Http.ADMIN, 200, 15_000);
    }

    @AfterEach
    void cleanUp() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        for (Bundle b : installed) {
            b.uninstall();
        }
        Configuration[] c = configurationAdmin.listConfigurations("(service.pid=" + PID + ")");
        if (c != null) {
            c[0].delete();
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
            awaitSnapshot(s -> !s.getAsJsonObject("dashboard").get("anonymousRead").getAsBoolean());
        }
    }

    @Test
    void readsNeedTheAdministratorUnlessAnonymousReadIsAllowed() throws Exception {
        for (String path : List.of("", "api/snapshot", "api/history", "api/events", "static/dashboard.js")) {
            Http.Response anonymous = Http.request("GET", base + path, null, "WWW-Authenticate");
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.header()).as(path).startsWith("Basic realm=");
            assertThat(Http.get(base + path, Http.basic("admin", "wrong")).status()).as(path).isEqualTo(401);
        }
        for (String hostile : List.of("Basic", "Basic !!!", "Basic " + "A".repeat(5000), "Bearer x", "Basic YWRtaW4=")) {
            assertThat(Http.get(base + "api/snapshot", hostile).status()).as(hostile).isEqualTo(401);
        }
        assertThat(Http.get(base + "api/snapshot", Http.ADMIN).status()).isEqualTo(200);

        configure(Map.of("allow.anonymous.read", true));
        awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("anonymousRead").getAsBoolean());
        assertThat(Http.get(base + "api/snapshot", null).status()).isEqualTo(200);
        // still nothing changes without the administrator: the admin context refuses, then the dashboard itself
        assertThat(Http.request("POST", base + "api/snapshot", null, null).status()).isEqualTo(401);
        assertThat(Http.request("POST", base + "api/snapshot", Http.ADMIN, null).status()).isEqualTo(405);
    }

    @Test
    void anOutOfRangeSettingIsRefusedNamingItAndThePageStaysOnItsDefaults() throws Exception {
        for (Object[] bad : new Object[][] { { "sample.seconds", 0 }, { "history.minutes", 100_000 }, { "max.streams", -1 } }) {
            configure(Map.of((String) bad[0], bad[1], "allow.anonymous.read", true));
            JsonObject d = awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("refusedSetting").getAsString()
                    .contains((String) bad[0])).getAsJsonObject("dashboard");
            assertThat(d.get("refusedSetting").getAsString()).contains("is out of range; allowed").contains(String.valueOf(bad[1]));
            assertThat(d.get("sampleSeconds").getAsInt()).isEqualTo(5);
            assertThat(d.get("anonymousRead").getAsBoolean()).as("a refused configuration opens nothing").isFalse();
        }
        configure(Map.of("sample.seconds", 2));
        awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("sampleSeconds").getAsInt() == 2
                && s.getAsJsonObject("dashboard").get("refusedSetting").getAsString().isEmpty());
    }

    /**
     * A configuration change, refused or taken, is applied in place: the servlet keeps its one registration, so the
     * page never waits for the HTTP whiteboard to take a new one (a CI run saw no 200 for 20 s after two refused
     * configurations in a row when each change re-registered the servlet).
     */
    @Test
    void aConfigurationChangeKeepsThePageRegisteredAndAnswering() throws Exception {
        Object before = dashboardServletId();
        configure(Map.of("sample.seconds", 0));
        awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("refusedSetting").getAsString().contains("sample.seconds"));
        configure(Map.of("max.streams", -1));
        awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("refusedSetting").getAsString().contains("max.streams"));
        configure(Map.of("sample.seconds", 2));
        awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("sampleSeconds").getAsInt() == 2
                && s.getAsJsonObject("dashboard").get("refusedSetting").getAsString().isEmpty());
        assertThat(dashboardServletId()).as("the same servlet registration throughout").isEqualTo(before);
    }

    private Object dashboardServletId() throws Exception {
        org.osgi.framework.ServiceReference<?>[] refs = context.getServiceReferences("javax.servlet.Servlet",
                "(component.name=org.cabinetgw.dashboard.internal.Dashboard)");
        assertThat(refs).as("the dashboard's servlet").hasSize(1);
        return refs[0].getProperty("service.id");
    }

    @Test
    void everyCapabilityAbsentIsNotInstalledAndTheRestStillAnswers() throws Exception {
        JsonObject s = snapshot();
        for (String section : List.of("cabinet", "power", "network", "uplink", "failover", "storage")) {
            assertThat(s.getAsJsonObject(section).get("available").getAsString()).as(section).isEqualTo("not installed");
        }
        assertThat(s.getAsJsonObject("health").get("available").getAsString()).isEqualTo("ok");
        assertThat(s.getAsJsonObject("software").getAsJsonArray("bundles").toString())
                .contains("org.cabinetgw.dashboard").contains("org.cabinetgw.core");
        assertThat(s.getAsJsonObject("dashboard").get("historyCapacityBytes").getAsLong()).isEqualTo(96L * 720 * 8);
    }

    @Test
    void aCapabilityWhoseBundleIsNotRunningIsRestartingAndRunningWithoutItsServiceNotConfigured() throws Exception {
        Bundle power = install("org.cabinetgw.power");
        assertThat(snapshot().getAsJsonObject("power").get("available").getAsString()).isEqualTo("restarting");
        power.start();
        assertThat(snapshot().getAsJsonObject("power").get("available").getAsString()).isEqualTo("not configured");
        power.stop();
        assertThat(snapshot().getAsJsonObject("power").get("available").getAsString()).isEqualTo("restarting");
        power.uninstall();
        installed.remove(power);
        assertThat(snapshot().getAsJsonObject("power").get("available").getAsString()).isEqualTo("not installed");
    }

    @Test
    void theApiServicesAreShownAndHostileNamesTravelAsData() throws Exception {
        Instant now = Instant.now();
        register(PowerMonitor.class, () -> new PowerStatus(PowerState.ON_GENERATOR, now.minusSeconds(30),
                Map.of(MeterRole.MAINS, SourceState.LOST, MeterRole.GENERATOR, SourceState.AVAILABLE),
                Optional.of(Duration.ofMillis(8300)), Optional.empty()), new Hashtable<>());
        register(Meter.class, meter(HOSTILE, MeterRole.GENERATOR, Map.of(MeterReading.VOLTAGE, 229.5,
                MeterReading.FREQUENCY, 50.02)), new Hashtable<>());
        register(FailoverCoordinator.class, coordinator(new CabinetStatus(CabinetState.DEGRADED, now,
                List.of(new Finding(Dimension.POWER, CabinetState.DEGRADED, "on generator " + HOSTILE))),
                new Episode("e1", Dimension.POWER, "mains", now.minusSeconds(40), now.minusSeconds(35),
                        List.of(new EpisodeAction(now.minusSeconds(32), "generator feeding")), null, "open")),
                new Hashtable<>());

        JsonObject s = awaitSnapshot(x -> x.getAsJsonObject("power").get("available").getAsString().equals("ok")
                && x.getAsJsonObject("cabinet").get("available").getAsString().equals("ok")
                && x.getAsJsonObject("power").getAsJsonArray("meters").size() == 1);
        JsonObject cabinet = s.getAsJsonObject("cabinet");
        assertThat(cabinet.get("state").getAsString()).isEqualTo("DEGRADED");
        JsonObject finding = cabinet.getAsJsonArray("findings").get(0).getAsJsonObject();
        assertThat(finding.get("dimension").getAsString()).isEqualTo("POWER");
        assertThat(finding.get("phrase").getAsString()).isEqualTo("on generator " + HOSTILE);
        JsonObject power = s.getAsJsonObject("power");
        assertThat(power.get("state").getAsString()).isEqualTo("ON_GENERATOR");
        assertThat(power.getAsJsonObject("sources").get("MAINS").getAsString()).isEqualTo("LOST");
        assertThat(power.get("lastTransferMs").getAsLong()).isEqualTo(8300);
        assertThat(power.get("lastBridgeMs").isJsonNull()).isTrue();
        JsonObject m = power.getAsJsonArray("meters").get(0).getAsJsonObject();
        assertThat(m.get("name").getAsString()).isEqualTo(HOSTILE);
        assertThat(m.getAsJsonObject("values").get("voltage").getAsDouble()).isEqualTo(229.5);
        assertThat(m.get("stale").getAsBoolean()).isFalse();
        JsonObject episode = s.getAsJsonObject("failover").getAsJsonArray("episodes").get(0).getAsJsonObject();
        assertThat(episode.get("what").getAsString()).isEqualTo("mains");
        assertThat(episode.get("open").getAsBoolean()).isTrue();
        assertThat(episode.get("detectionMs").getAsLong()).isEqualTo(5000);
        assertThat(episode.getAsJsonArray("actions").get(0).getAsJsonObject().get("what").getAsString())
                .isEqualTo("generator feeding");
        assertThat(s.getAsJsonObject("failover").getAsJsonArray("drillKinds").toString()).contains("LINK", "UPLINK");

        // the sampler puts the fresh values into the history (it samples every 5 s)
        JsonObject series = awaitHistory("meter." + HOSTILE + ".voltage");
        JsonObject voltage = series.getAsJsonObject("meter." + HOSTILE + ".voltage");
        assertThat(voltage.getAsJsonArray("v").get(0).getAsDouble()).isEqualTo(229.5);
        long last = voltage.getAsJsonArray("t").get(voltage.getAsJsonArray("t").size() - 1).getAsLong();
        assertThat(Http.get(base + "api/history?after=" + last, Http.ADMIN).json().getAsJsonObject("series")
                .getAsJsonObject("meter." + HOSTILE + ".voltage").getAsJsonArray("t")).isEmpty();
        for (String bad : List.of("-1", "abc", "1e5", "9999999999999", "%3Cimg%3E")) {
            Http.Response r = Http.get(base + "api/history?after=" + bad, Http.ADMIN);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("after must be");
        }
    }

    @Test
    void filesystemSpaceIsShownAndPlottedAndTheJournalIsTheDeployBundles() throws Exception {
        // before the deploy bundle offers its journal: what the deploy events said since the dashboard started
        Dictionary<String, Object> started = new Hashtable<>();
        started.put(DeployEvents.PACKAGE, "org.example.early");
        started.put(DeployEvents.VERSION, "1.0.0");
        started.put(DeployEvents.REQUESTER, "cloud-1");
        eventAdmin.postEvent(new Event(DeployEvents.STARTED, started));
        JsonObject software = awaitSnapshot(x -> x.getAsJsonObject("software").getAsJsonArray("journal").toString()
                .contains("org.example.early")).getAsJsonObject("software");
        assertThat(software.get("journalSource").getAsString()).isEqualTo("events since the dashboard started");
        assertThat(software.getAsJsonArray("journal").get(0).getAsJsonObject().get("result").getAsString())
                .isEqualTo(DeploymentRecord.IN_PROGRESS);

        Instant then = Instant.parse("2026-01-02T03:04:05Z");
        register(DeploymentHistory.class, max -> List.of(
                new DeploymentRecord(then.plusSeconds(60), 7, "install", "cloud-1", HOSTILE, "1.1.0", "1.0.0",
                        "ROLLED_BACK", "did not come up: " + HOSTILE, 41_000),
                new DeploymentRecord(then, -1, "install", "seed", "org.cabinetgw.dp.power", "0.1.0", null, "INSTALLED",
                        null, 900)).subList(0, Math.min(2, Math.max(0, max))), new Hashtable<>());
        FilesystemSnapshot data = new FilesystemSnapshot("data", "/var/lib/cabinetgw", Instant.now(), true, false, "ext4",
                10L << 30, 4L << 30, 40.04, 91.0, "");
        FilesystemSnapshot gone = new FilesystemSnapshot(HOSTILE, "/mnt/x", Instant.now(), false, false, "", -1, -1,
                Double.NaN, Double.NaN, "");
        register(FilesystemStatus.class, () -> data, new Hashtable<>(Map.of(FilesystemStatus.NAME, "data")));
        register(FilesystemStatus.class, () -> gone, new Hashtable<>(Map.of(FilesystemStatus.NAME, HOSTILE)));

        JsonObject s = awaitSnapshot(x -> x.getAsJsonObject("software").get("journalSource").getAsString().equals("journal")
                && x.getAsJsonObject("storage").getAsJsonArray("filesystems").size() == 2);
        JsonArray journal = s.getAsJsonObject("software").getAsJsonArray("journal");
        assertThat(journal).hasSize(2);
        JsonObject rollback = journal.get(0).getAsJsonObject();
        assertThat(rollback.get("result").getAsString()).isEqualTo("ROLLED_BACK");
        assertThat(rollback.get("package").getAsString()).isEqualTo(HOSTILE);
        assertThat(rollback.get("previousVersion").getAsString()).isEqualTo("1.0.0");
        assertThat(rollback.get("requester").getAsString()).isEqualTo("cloud-1");
        assertThat(rollback.get("reason").getAsString()).isEqualTo("did not come up: " + HOSTILE);
        assertThat(rollback.get("tookMs").getAsLong()).isEqualTo(41_000);
        JsonObject seed = journal.get(1).getAsJsonObject();
        assertThat(seed.get("at").getAsLong()).as("a deployment before the dashboard started").isEqualTo(then.toEpochMilli());
        assertThat(seed.get("requester").getAsString()).isEqualTo("seed");
        assertThat(seed.get("previousVersion").getAsString()).isEmpty();

        JsonObject fs = null;
        for (var e : s.getAsJsonObject("storage").getAsJsonArray("filesystems")) {
            if (e.getAsJsonObject().get("name").getAsString().equals("data")) {
                fs = e.getAsJsonObject();
            }
        }
        assertThat(fs).isNotNull();
        assertThat(fs.get("freePercent").getAsDouble()).isEqualTo(40.0);
        assertThat(fs.get("availableBytes").getAsLong()).isEqualTo(4L << 30);
        assertThat(fs.get("mountPoint").getAsString()).isEqualTo("/var/lib/cabinetgw");

        // the free space is plotted; a filesystem not mounted leaves a gap, not a zero
        JsonObject series = awaitHistory("fs.data.free");
        assertThat(series.getAsJsonObject("fs.data.free").getAsJsonArray("v").get(0).getAsDouble()).isEqualTo(40.04);
        assertThat(series.has("fs." + HOSTILE + ".free")).isFalse();

        // a journal that fails while it is read: the section falls back to the events, the page still answers
        registrations.remove(registrations.size() - 3).unregister();
        register(DeploymentHistory.class, max -> {
            throw new IllegalStateException("the deploy bundle is stopping");
        }, new Hashtable<>());
        JsonObject after = awaitSnapshot(x -> x.getAsJsonObject("software").get("journalSource").getAsString()
                .startsWith("events"));
        assertThat(after.getAsJsonObject("software").getAsJsonArray("journal").toString()).contains("org.example.early");
    }

    @Test
    void arraysAndDisksComeFromTheStorageServicesWithHostileNamesAsData() throws Exception {
        Instant now = Instant.now();
        ArraySnapshot md0 = new ArraySnapshot("md0", "raid1", HealthState.DEGRADED, "md0 (raid1) is rebuilding a member: recovery 20 % done",
                2, 1, List.of(new ArrayMember("sda1", ArrayMember.Role.IN_SYNC), new ArrayMember(HOSTILE, ArrayMember.Role.REBUILDING),
                        new ArrayMember("sdc1", ArrayMember.Role.FAULTY)),
                SyncAction.RECOVERY, true, 37.46, 2.0, now);
        register(ArrayStatus.class, () -> List.of(md0), new Hashtable<>());
        DiskSnapshot sys = new DiskSnapshot("sys", "/dev/sda", now, HealthState.DEGRADED, "disk sys has 12 reallocated sectors (limit 10)",
                HOSTILE, "S3Z1", true, 41, 12L, 0L, null, null, "");
        DiskSnapshot nvme = new DiskSnapshot("nvme", "/dev/nvme0", now, HealthState.DOWN, "cannot read SMART of /dev/nvme0: timed out",
                "", "", null, null, null, null, null, null, "cannot read SMART of /dev/nvme0: timed out");
        register(DiskStatus.class, () -> sys, new Hashtable<>(Map.of(DiskStatus.NAME, "sys")));
        register(DiskStatus.class, () -> nvme, new Hashtable<>(Map.of(DiskStatus.NAME, "nvme")));

        JsonObject storage = awaitSnapshot(x -> x.getAsJsonObject("storage").getAsJsonArray("disks").size() == 2
                && x.getAsJsonObject("storage").getAsJsonArray("arrays").size() == 1
                && x.getAsJsonObject("storage").getAsJsonArray("arrays").get(0).getAsJsonObject().get("from").getAsString()
                        .equals("status")).getAsJsonObject("storage");
        JsonObject array = storage.getAsJsonArray("arrays").get(0).getAsJsonObject();
        assertThat(array.get("name").getAsString()).isEqualTo("md0");
        assertThat(array.get("state").getAsString()).isEqualTo("DEGRADED");
        assertThat(array.get("syncing").getAsBoolean()).isTrue();
        assertThat(array.get("syncAction").getAsString()).isEqualTo("recovery");
        assertThat(array.get("percent").getAsDouble()).isEqualTo(37.5);
        assertThat(array.get("finishMinutes").getAsDouble()).isEqualTo(2.0);
        assertThat(array.get("workingDevices").getAsInt()).isEqualTo(1);
        JsonArray members = array.getAsJsonArray("members");
        assertThat(members).hasSize(3);
        assertThat(members.get(1).getAsJsonObject().get("device").getAsString()).isEqualTo(HOSTILE);
        assertThat(members.get(1).getAsJsonObject().get("role").getAsString()).isEqualTo("REBUILDING");
        assertThat(array.getAsJsonArray("failedMembers").toString()).isEqualTo("[\"sdc1\"]");

        JsonObject disk = null;
        JsonObject unread = null;
        for (var e : storage.getAsJsonArray("disks")) {
            JsonObject d = e.getAsJsonObject();
            if (d.get("name").getAsString().equals("sys")) {
                disk = d;
            } else {
                unread = d;
            }
        }
        assertThat(disk).isNotNull();
        assertThat(disk.get("model").getAsString()).isEqualTo(HOSTILE);
        assertThat(disk.get("smartPassed").getAsBoolean()).isTrue();
        assertThat(disk.get("temperatureCelsius").getAsInt()).isEqualTo(41);
        assertThat(disk.get("reallocatedSectors").getAsLong()).isEqualTo(12);
        assertThat(disk.get("state").getAsString()).as("no health entry here: the service's").isEqualTo("DEGRADED");
        assertThat(unread.get("smartPassed").isJsonNull()).isTrue();
        assertThat(unread.get("temperatureCelsius").isJsonNull()).isTrue();
        assertThat(unread.get("error").getAsString()).contains("timed out");

        // the RAID monitor going away while it is read: the arrays are what the events said, the page still answers
        registrations.remove(0).unregister();
        register(ArrayStatus.class, () -> {
            throw new IllegalStateException("the storage bundle is stopping");
        }, new Hashtable<>());
        awaitSnapshot(x -> {
            JsonArray a = x.getAsJsonObject("storage").getAsJsonArray("arrays");
            return a.isEmpty() || a.get(0).getAsJsonObject().get("from").getAsString().equals("events");
        });
    }

    @Test
    void theLiveStreamCarriesTheEventsTheBundlesPostAndTheSnapshotFollowsThem() throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(base + "api/events").openConnection();
        c.setRequestProperty("Authorization", Http.ADMIN);
        c.setReadTimeout(20_000);
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getContentType()).startsWith("text/event-stream");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(readUntil(in, "event: hello")).isTrue();
            Dictionary<String, Object> p = new Hashtable<>();
            p.put(StorageEvents.ARRAY, "md0");
            p.put(StorageEvents.MDADM_EVENT, "Rebuild40");
            p.put(StorageEvents.LEVEL, "raid1");
            p.put(StorageEvents.PERCENT, 40);
            p.put(StorageEvents.SYNC_ACTION, "RECOVER");
            p.put(StorageEvents.RAID_DEVICES, 2);
            p.put(StorageEvents.WORKING_DEVICES, 1);
            p.put(StorageEvents.TIMESTAMP, System.currentTimeMillis());
            eventAdmin.postEvent(new Event(StorageEvents.REBUILD_PROGRESS, p));
            AtomicReference<String> data = new AtomicReference<>();
            assertThat(readUntil(in, "event: cabinet", data)).isTrue();
            assertThat(data.get()).contains("org/cabinetgw/storage/REBUILD_PROGRESS").contains("\"percent\":40");
        } finally {
            c.disconnect();
        }
        JsonArray arrays = snapshot().getAsJsonObject("storage").getAsJsonArray("arrays");
        JsonObject md0 = arrays.get(0).getAsJsonObject();
        assertThat(md0.get("name").getAsString()).isEqualTo("md0");
        assertThat(md0.get("percent").getAsInt()).isEqualTo(40);
        assertThat(md0.get("syncing").getAsBoolean()).isTrue();
        assertThat(md0.get("workingDevices").getAsInt()).isEqualTo(1);
        assertThat(snapshot().getAsJsonArray("events").toString()).contains("REBUILD_PROGRESS");
    }

    @Test
    void liveStreamsAreBounded() throws Exception {
        configure(Map.of("max.streams", 1));
        awaitSnapshot(s -> s.getAsJsonObject("dashboard").get("maxStreams").getAsInt() == 1);
        HttpURLConnection first = (HttpURLConnection) new URL(base + "api/events").openConnection();
        first.setRequestProperty("Authorization", Http.ADMIN);
        first.setReadTimeout(20_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(readUntil(in, "event: hello")).isTrue();
            Http.Response second = Http.request("GET", base + "api/events", Http.ADMIN, "Retry-After");
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.header()).isEqualTo("10");
        } finally {
            first.disconnect();
        }
    }

    /** The scripts index.html loads, in its order (static/, bundles/dashboard DEVELOPERS.md). */
    static final List<String> PAGE_SCRIPTS = List.of("dashboard-dom.js", "dashboard-plots.js", "dashboard-sections.js",
            "dashboard-failover.js", "dashboard.js");

    @Test
    void thePageAndItsFilesAreServedFromTheBundleAndTheRootLeadsThere() throws Exception {
        Http.Response page = Http.request("GET", base, Http.ADMIN, "Content-Security-Policy");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Cabinet</title>").contains("static/uPlot.iife.min.js");
        assertThat(page.header()).contains("script-src 'self'");
        assertThat(Http.get(base + "static/uPlot.iife.min.js", Http.ADMIN).body()).contains("uPlot");
        // the page's scripts, split by job: each one served, and none puts data in through HTML parsing
        for (String script : PAGE_SCRIPTS) {
            assertThat(page.body()).contains("<script src=\"static/" + script + "\" defer>");
            Http.Response js = Http.get(base + "static/" + script, Http.ADMIN);
            assertThat(js.status()).as(script).isEqualTo(200);
            assertThat(js.body()).as(script).doesNotContain("innerHTML");
        }
        for (String bad : List.of("static/../OSGI-INF/metatype/org.cabinetgw.dashboard.xml", "static/", "static/.hidden",
                "static/%2e%2e%2fMETA-INF%2fMANIFEST.MF", "nothing")) {
            assertThat(Http.get(base + bad, Http.ADMIN).status()).as(bad).isIn(400, 404);
        }
        Http.Response root = Http.request("GET", Http.baseUrl(context), null, "Location");
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header()).endsWith("/cabinet/");
        Http.Response noSlash = Http.request("GET", base.substring(0, base.length() - 1), null, "Location");
        assertThat(noSlash.status()).isEqualTo(302);
        assertThat(noSlash.header()).endsWith("/cabinet/");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private JsonObject snapshot() throws Exception {
        Http.Response r = Http.get(base + "api/snapshot", Http.ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonObject awaitSnapshot(java.util.function.Predicate<JsonObject> condition) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        JsonObject last = null;
        Http.Response lastOther = null; // what came instead of a 200, said if the wait fails
        while (System.currentTimeMillis() < end) {
            Http.Response r = Http.get(base + "api/snapshot", Http.ADMIN);
            if (r.status() == 200) {
                last = r.json();
                if (condition.test(last)) {
                    return last;
                }
            } else {
                lastOther = r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the snapshot did not reach the condition within 30 s; last 200: " + last
                + "; last other answer: " + (lastOther == null ? "none" : lastOther.status() + " " + lastOther.body()));
    }

    private JsonObject awaitHistory(String series) throws Exception {
        return Await.until("a sample of " + series, Duration.ofSeconds(30),
                () -> Http.get(base + "api/history?after=0", Http.ADMIN).json().getAsJsonObject("series"),
                s -> s.has(series) && s.getAsJsonObject(series).getAsJsonArray("t").size() > 0);
    }

    private void configure(Map<String, Object> values) throws Exception {
        Configuration c = configurationAdmin.getConfiguration(PID, "?");
        c.update(new Hashtable<>(values));
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
    }

    private <T> void register(Class<T> type, T service, Dictionary<String, Object> props) {
        registrations.add(context.registerService(type, service, props));
    }

    private Bundle install(String symbolicName) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        mf.getMainAttributes().putValue("Bundle-Version", "9.9.9");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, mf).close();
        Bundle b = context.installBundle("test:" + symbolicName, new ByteArrayInputStream(bytes.toByteArray()));
        installed.add(b);
        return b;
    }

    private static Meter meter(String name, MeterRole role, Map<String, Double> values) {
        return new Meter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MeterRole role() {
                return role;
            }

            @Override
            public MeterReading lastReading() {
                return new MeterReading(name, role, Instant.now(), values, false, "");
            }
        };
    }

    private static FailoverCoordinator coordinator(CabinetStatus status, Episode episode) {
        return new FailoverCoordinator() {
            @Override
            public CabinetStatus status() {
                return status;
            }

            @Override
            public List<Episode> history(int max) {
                return List.of(episode);
            }

            @Override
            public DrillResult drill(DrillKind kind) {
                throw new UnsupportedOperationException("the dashboard never runs a drill itself");
            }
        };
    }

    private static boolean readUntil(BufferedReader in, String line) throws java.io.IOException {
        return readUntil(in, line, new AtomicReference<>());
    }

    /** Reads SSE lines until {@code line}; the data line after it goes into {@code data}. */
    private static boolean readUntil(BufferedReader in, String line, AtomicReference<String> data) throws java.io.IOException {
        String l;
        while ((l = in.readLine()) != null) {
            if (l.equals(line)) {
                String next = in.readLine();
                data.set(next);
                return true;
            }
        }
        return false;
    }
}
