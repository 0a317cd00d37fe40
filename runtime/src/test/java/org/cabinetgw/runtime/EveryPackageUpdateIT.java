package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.modbus.internal.LibmodbusServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.google.gson.JsonObject;

/**
 * Issue 15 end to end: the deploy agent updates every package the gateway ships (storage, uplink, network, power,
 * failover, ha, dashboard), one after the other, over MQTT (DEPLOY-V2 through the real Mosquitto), while producers
 * publish, on the real jar as a child process. Counted at an independent {@code mosquitto_sub}:
 * <ul>
 * <li>the fixture package's telemetry (every 100 ms, numbered {@code seq}; it is never updated here): every
 * number arrives, first arrivals in order;</li>
 * <li>the real power meter polling a libmodbus server (libmodbus's own, bundles/modbus/bench) every
 * {@value #METER_PERIOD_MILLIS} ms with telemetry on every poll, through the shared hand-over
 * (bundles/handover): every id once counted, in the order made, and the longest gap in making time outside the
 * power package's own update (while its bundle is replaced it makes nothing, which is not a loss) within
 * {@value #METER_GAP_BOUND_MILLIS} ms; no hand-over drop in the log.</li>
 * </ul>
 * Then the process's threads, open file descriptors and sockets ({@code /proc/<pid>}) come back within a bound of
 * what they were before the first update. Figures are printed (and in the test's output file).
 *
 * <p>About a minute and a half of a loaded machine, so not in the default build:
 * {@code mvn -B -ntp -pl runtime -am verify -Dhotswap.e2e=true -Dit.test=EveryPackageUpdateIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false} (bundles/README.md: full names with -Dtest).
 */
@EnabledIfSystemProperty(named = "hotswap.e2e", matches = "true|1")
class EveryPackageUpdateIT {

    static final String UPDATED = ShippedCapabilitiesIT.UPDATED;
    /** In the order of the jar's seeds.list. */
    static final List<String> PACKAGES = List.of("storage", "uplink", "network", "power", "failover", "ha", "dashboard");
    static final int METER_PERIOD_MILLIS = 200;
    /**
     * Ten periods: a meter that stalls on a loaded 2-core machine (GC, the update's class loading) is not a loss;
     * a message lost while the uplink is replaced (0.2-2.5 s away) would leave a gap of at least that long.
     */
    static final long METER_GAP_BOUND_MILLIS = 10L * METER_PERIOD_MILLIS;
    /**
     * What may stay above the baseline after seven updates: threads +6 (the JVM's compiler and the common pool
     * start and end threads on their own; the deploy agent's and Event Admin's workers are pools), descriptors and
     * sockets +6 (the cloud's and the subscribers' connections are counted in the baseline; a leak per update would
     * be seven or more).
     */
    static final int THREAD_BOUND = 6;
    static final int FD_BOUND = 6;
    static final int SOCKET_BOUND = 6;

    @Test
    void everyShippedPackageUpdatedOverMqttUnderLoadLosesNothingAndLeaksNothing() throws Exception {
        Assumptions.assumeTrue(TestBroker.available() && SequenceSubscriber.available(),
                "mosquitto and mosquitto-clients are not installed");
        Assumptions.assumeTrue(LibmodbusServer.available(), "gcc and libmodbus-dev are not installed");
        Path dir = Files.createTempDirectory("every-package-update-it");
        TestBroker broker = null;
        HttpsPackageServer packages = null;
        GatewayProcess gateway = null;
        DeployCloud cloud = null;
        SequenceSubscriber fixture = null;
        TopicRecorder meter = null;
        LibmodbusServer mains = LibmodbusServer.start("h:0:float32:ABCD:230", "h:2:float32:ABCD:50");
        try {
            broker = TestBroker.start(dir.resolve("broker"));
            packages = new HttpsPackageServer(dir.resolve("https"));
            packages.put("/v1.dp", RemoteDeploymentIT.fixture("v1"));
            Map<String, byte[]> updates = new LinkedHashMap<>();
            for (String p : PACKAGES) {
                byte[] dp = ShippedCapabilitiesIT.withVersion(Files.readAllBytes(
                        RemoteDeploymentIT.FIXTURES.resolve("org.cabinetgw.dp." + p + ".dp")), UPDATED, dir.resolve("resign-" + p));
                updates.put(p, dp);
                packages.put("/" + p + ".dp", dp);
            }
            gateway = start(dir, broker, packages, mains.port());
            cloud = new DeployCloud(broker.port, RemoteDeploymentIT.PREFIX, RemoteDeploymentIT.GATEWAY, "e2e-cloud");
            gateway.awaitShippedPackages();
            gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected");
            cloud.awaitGateway(30_000);

            meter = TopicRecorder.start(broker.port, RemoteDeploymentIT.PREFIX + "/power/mains", dir.resolve("meter.txt"));
            fixture = SequenceSubscriber.fixtureInstalled(cloud, broker.port, packages, dir.resolve("fixture.jsonl"));
            fixture.awaitSeq(10, "1.0.0", 30_000);
            meter.awaitCount(10, 30_000);
            String uuid = framework(cloud).get("uuid").getAsString();
            GatewayResources before = GatewayResources.of(gateway.pid());

            Map<String, Long> millisPerPackage = new LinkedHashMap<>();
            Instant powerFrom = null;
            Instant powerTo = null;
            long job = 100;
            for (Map.Entry<String, byte[]> u : updates.entrySet()) {
                String name = "org.cabinetgw.feature." + u.getKey();
                Instant from = Instant.now();
                JsonObject end;
                try {
                    end = cloud.deploy(packages.url("/" + u.getKey() + ".dp"), name, UPDATED,
                            RemoteDeploymentIT.sha256(u.getValue()), ++job);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n" + gateway.output(), e);
                }
                Instant to = Instant.now();
                assertThat(end.get("dp.install.status").getAsString()).as(name + ": " + end + "\n" + gateway.output())
                        .isEqualTo("COMPLETED");
                assertThat(cloud.installedVersion(name)).as(name).isEqualTo(UPDATED);
                millisPerPackage.put(u.getKey(), Duration.between(from, to).toMillis());
                if (u.getKey().equals("power")) {
                    powerFrom = from;
                    powerTo = to;
                }
                long next = fixture.highest() + 5; // the producers go on between updates, as a cloud's would
                fixture.awaitSeq(next, "1.0.0", 30_000);
            }
            gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink UP after the updates");
            assertThat(framework(cloud).get("uuid").getAsString()).as("the same framework: no restart").isEqualTo(uuid);

            // every fixture number made so far arrives; the meter's latest too
            long last = fixture.highest() + 10;
            fixture.awaitSeq(last, "1.0.0", 30_000);
            meter.awaitCount(meter.received().size() + 5, 30_000);

            List<SequenceSubscriber.Received> numbered = fixture.received();
            assertThat(SequenceSubscriber.missing(numbered)).as("fixture numbers missing at mosquitto_sub").isEmpty();
            assertThat(firstArrivalsOutOfOrder(numbered.stream().map(SequenceSubscriber.Received::seq).toList()))
                    .as("fixture numbers arriving after a higher one (first arrivals)").isZero();
            long fixtureDuplicates = numbered.size() - numbered.stream().map(SequenceSubscriber.Received::id).distinct().count();

            List<TopicRecorder.Message> readings = meter.received();
            Map<String, Instant> byId = new LinkedHashMap<>();
            readings.forEach(m -> byId.putIfAbsent(m.id(), m.made()));
            List<Instant> made = new ArrayList<>(byId.values());
            assertThat(firstArrivalsOutOfOrder(made.stream().map(Instant::toEpochMilli).toList()))
                    .as("meter readings arriving after a later one").isZero();
            Duration meterGap = longestGapOutside(made, powerFrom, powerTo);
            assertThat(meterGap.toMillis()).as("the meter's longest gap in making time outside its own update")
                    .isLessThanOrEqualTo(METER_GAP_BOUND_MILLIS);
            // bundles/handover's WARN lines for a message dropped at its bound, lost at a close, or refused for good
            assertThat(gateway.output()).as("the hand-over dropped nothing").doesNotContain("they are lost")
                    .doesNotContain(" dropped so far").doesNotContain("the uplink refused").doesNotContain("\tat ");

            GatewayResources after = GatewayResources.awaitWithin(gateway.pid(), before, THREAD_BOUND, FD_BOUND,
                    SOCKET_BOUND, 60_000);
            System.out.printf("EveryPackageUpdateIT: %d packages updated over MQTT under load, load average %s%n",
                    updates.size(), Files.readString(Path.of("/proc/loadavg")).trim());
            millisPerPackage.forEach((p, ms) -> System.out.printf("  %-10s request -> COMPLETED %6d ms%n", p, ms));
            System.out.printf("  fixture: %d numbers, 0 lost, %d duplicates, longest gap %d ms%n",
                    numbered.stream().mapToLong(SequenceSubscriber.Received::seq).max().orElse(0), fixtureDuplicates,
                    SequenceSubscriber.longestGap(numbered).toMillis());
            System.out.printf("  meter:   %d readings (%d ids), longest gap outside its own update %d ms%n",
                    readings.size(), byId.size(), meterGap.toMillis());
            System.out.printf("  threads %d -> %d, fds %d -> %d, sockets %d -> %d%n", before.threads(), after.threads(),
                    before.fds(), after.fds(), before.sockets(), after.sockets());
        } finally {
            RemoteDeploymentIT.closeAndDelete(dir, meter, fixture, cloud, gateway, packages, broker);
            mains.close();
        }
    }

    private static GatewayProcess start(Path dir, TestBroker broker, HttpsPackageServer packages, int meterPort)
            throws Exception {
        Path site = Files.writeString(dir.resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "e2e.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "%s",
                     "topic.prefix": "%s", "reconnect.initial.millis": 100},
                 "org.cabinetgw.deploy.agent": {"health.gate.seconds": 20, "download.connect.timeout.seconds": 3,
                     "download.read.timeout.seconds": 5, "command.requesters": "e2e-cloud"},
                 "org.cabinetgw.power.meter~mains": { "meter.name": "mains", "meter.role": "MAINS", "port": %d,
                    "preset": "CUSTOM", "custom.points": ["voltage;holding;0;float32;ABCD;1;0;V",
                    "frequency;holding;2;float32;ABCD;1;0;Hz"], "poll.millis": %d, "max.backoff.millis": 500,
                    "telemetry.every": 1 }}
                """.formatted(broker.port, RemoteDeploymentIT.GATEWAY, RemoteDeploymentIT.PREFIX, meterPort,
                METER_PERIOD_MILLIS));
        List<String> jvm = new ArrayList<>(JvmOptions.ofReadmeCommand(GatewayProcess.MODULE.resolve("..")));
        jvm.addAll(packages.gatewayJvmOptions());
        return GatewayProcess.start(GatewayProcess.JAR, jvm, dir.resolve("data"), "--config", site.toString());
    }

    private static JsonObject framework(DeployCloud cloud) throws Exception {
        return cloud.get("bundles").getAsJsonObject("framework");
    }

    /** How many values, taken at their first occurrence, came after a higher one. */
    static int firstArrivalsOutOfOrder(List<Long> arrivals) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long highest = Long.MIN_VALUE;
        int out = 0;
        for (long v : arrivals) {
            if (!seen.add(v)) {
                continue; // a duplicate (at least once): its first arrival counted
            }
            if (v < highest) {
                out++;
            }
            highest = Math.max(highest, v);
        }
        return out;
    }

    /** The longest time between consecutive instants, leaving out gaps that overlap [from, to]. */
    static Duration longestGapOutside(List<Instant> made, Instant from, Instant to) {
        List<Instant> sorted = new ArrayList<>(made);
        sorted.sort(null);
        Duration longest = Duration.ZERO;
        for (int i = 1; i < sorted.size(); i++) {
            Instant a = sorted.get(i - 1);
            Instant b = sorted.get(i);
            boolean overlapsExcluded = from != null && a.isBefore(to) && b.isAfter(from);
            Duration gap = Duration.between(a, b);
            if (!overlapsExcluded && gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return longest;
    }
}
