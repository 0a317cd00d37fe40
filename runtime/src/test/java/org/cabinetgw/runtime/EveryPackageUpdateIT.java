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
import org.cabinetgw.testing.DeploymentPackages;
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
 * <li>the real link manager (backend {@code simulated}, two links on loopback, {@link LinkFlapper}) switching
 * wired → cellular → wired every few seconds: every switch its log names arrives as a {@code network/switched}
 * message, once, in the order made;</li>
 * <li>the real failover coordinator: every change of the cabinet's state its log names ("Cabinet DEGRADED", ...)
 * arrives as a {@code failover/cabinet} message in the same order (it publishes at once on a change of state);</li>
 * <li>the real RAID monitor reading a clean md0 (a file written here) with telemetry every 10 s: every id once, in
 * the order made, no gap in making time above {@value #RAID_GAP_BOUND_MILLIS} ms outside its own package's update.</li>
 * </ul>
 * The links switch while storage, uplink, power, ha and dashboard are updated. They are held steady for the network
 * and failover packages: the deploy agent's health gate refuses a package whose own health is not UP (a link covered
 * by the other is DEGRADED, and so is the cabinet), which is the gate doing its job, not a loss. The switches and
 * cabinet states are compared within that window, where one link manager and one coordinator (settled) run.
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
    static final List<String> PACKAGES = List.of("storage", "uplink", "power", "ha", "dashboard", "network", "failover");
    /** Updated while the links switch (see the class comment for the two that are not). */
    static final List<String> UPDATED_WHILE_SWITCHING = List.of("storage", "uplink", "power", "ha", "dashboard");
    static final int RAID_TELEMETRY_SECONDS = 10;
    /** Two periods and a loaded machine's slack: one message lost would leave at least two periods. */
    static final long RAID_GAP_BOUND_MILLIS = 2L * RAID_TELEMETRY_SECONDS * 1000 - 1000;
    static final String SWITCHED_TOPIC = RemoteDeploymentIT.PREFIX + "/network/switched";
    static final String CABINET_TOPIC = RemoteDeploymentIT.PREFIX + "/failover/cabinet";
    static final String RAID_TOPIC = RemoteDeploymentIT.PREFIX + "/storage/raid/md0";
    /** The link manager's line for each switch (LinkManagerEngine), simulated backend: "Recommend switching the ...". */
    static final java.util.regex.Pattern SWITCH_LINE = java.util.regex.Pattern.compile("default route (\\S+) -> (\\S+) \\(");
    /** The coordinator's line for each change of the cabinet's state (Announcer). */
    static final java.util.regex.Pattern CABINET_LINE = java.util.regex.Pattern.compile("\\bCabinet (NORMAL|DEGRADED|CRITICAL)\\b");
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
        TopicRecorder switched = null;
        TopicRecorder cabinet = null;
        TopicRecorder raid = null;
        LinkFlapper links = new LinkFlapper();
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
            Path mdstat = Files.copy(MDSTAT_CLEAN, dir.resolve("mdstat"));
            gateway = start(dir, broker, packages, mains.port(), links, mdstat);
            cloud = new DeployCloud(broker.port, RemoteDeploymentIT.PREFIX, RemoteDeploymentIT.GATEWAY, "e2e-cloud");
            gateway.awaitShippedPackages();
            gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected");
            cloud.awaitGateway(30_000);

            meter = TopicRecorder.start(broker.port, RemoteDeploymentIT.PREFIX + "/power/mains", dir.resolve("meter.txt"));
            switched = TopicRecorder.start(broker.port, SWITCHED_TOPIC, dir.resolve("switched.txt"));
            cabinet = TopicRecorder.start(broker.port, CABINET_TOPIC, dir.resolve("cabinet.txt"));
            raid = TopicRecorder.start(broker.port, RAID_TOPIC, dir.resolve("raid.txt"));
            fixture = SequenceSubscriber.fixtureInstalled(cloud, broker.port, packages, dir.resolve("fixture.jsonl"));
            fixture.awaitSeq(10, "1.0.0", 30_000);
            meter.awaitCount(10, 30_000);
            raid.awaitCount(1, 30_000);
            GatewayProcess gw = gateway;
            // settle time 0 (the site file): the coordinator publishes every change from its start
            awaitOutput(gw, o -> lastSwitchTarget(o).equals("wired") && lastCabinetState(o).equals("NORMAL"),
                    "wired carrying the traffic and the cabinet NORMAL");
            String uuid = framework(cloud).get("uuid").getAsString();
            GatewayResources before = GatewayResources.of(gateway.pid());

            Map<String, Long> millisPerPackage = new LinkedHashMap<>();
            Instant powerFrom = null;
            Instant powerTo = null;
            long job = 100;
            Instant raidFrom = null;
            Instant raidTo = null;
            int windowFrom = gateway.output().length();
            Instant windowStart = Instant.now();
            int windowTo = -1;
            Instant windowEnd = null;
            links.start();
            for (Map.Entry<String, byte[]> u : updates.entrySet()) {
                if (windowEnd == null && !UPDATED_WHILE_SWITCHING.contains(u.getKey())) {
                    int from = windowFrom;
                    awaitOutput(gw, o -> matches(SWITCH_LINE, o.substring(from), 2).size() >= 4, "four link switches");
                    links.stop(); // steady for the health gate: see the class comment
                    awaitOutput(gw, o -> lastSwitchTarget(o).equals("wired") && lastCabinetState(o).equals("NORMAL"),
                            "wired back and the cabinet NORMAL");
                    Thread.sleep(3000); // anything in flight published meanwhile
                    windowTo = gateway.output().length();
                    windowEnd = Instant.now();
                }
                String name = "org.cabinetgw.feature." + u.getKey();
                Instant from = Instant.now();
                JsonObject end;
                try {
                    end = cloud.deploy(packages.url("/" + u.getKey() + ".dp"), name, UPDATED,
                            DeploymentPackages.sha256(u.getValue()), ++job);
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
                if (u.getKey().equals("storage")) {
                    raidFrom = from;
                    raidTo = to;
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
            raid.awaitCount(raid.received().size() + 1, 30_000);

            // the link manager's switches and the coordinator's states while the links switched: as logged, at the broker
            String window = gateway.output().substring(windowFrom, windowTo);
            List<String> switchesLogged = matches(SWITCH_LINE, window, 2);
            List<String> switchesArrived = targets(switched.received(), windowStart, windowEnd, "link");
            assertThat(switchesLogged).as("link switches in the window (the manager's log)").hasSizeGreaterThanOrEqualTo(4);
            assertThat(switchesArrived).as("link switches at mosquitto_sub, in the order made, each once")
                    .containsExactlyElementsOf(switchesLogged);
            assertThat(firstArrivalsOutOfOrder(madeMillis(switched.received()))).as("switch messages arriving after a later one").isZero();
            List<String> statesLogged = matches(CABINET_LINE, window, 1);
            List<String> statesArrived = stateChanges(cabinet.received(), windowStart, windowEnd);
            assertThat(statesLogged).as("cabinet state changes in the window (the coordinator's log)").hasSizeGreaterThanOrEqualTo(2);
            assertThat(statesArrived).as("cabinet state changes at mosquitto_sub, in the order made")
                    .containsExactlyElementsOf(statesLogged);
            assertThat(firstArrivalsOutOfOrder(madeMillis(cabinet.received()))).as("cabinet messages arriving after a later one").isZero();
            List<TopicRecorder.Message> raidMessages = raid.received();
            assertThat(raidMessages.stream().map(TopicRecorder.Message::id).distinct().count()).as("RAID telemetry: each id once")
                    .isEqualTo(raidMessages.size());
            assertThat(firstArrivalsOutOfOrder(madeMillis(raidMessages))).as("RAID telemetry arriving after a later one").isZero();
            Duration raidGap = longestGapOutside(raidMessages.stream().map(TopicRecorder.Message::made).toList(), raidFrom, raidTo);
            assertThat(raidGap.toMillis()).as("RAID telemetry's longest gap outside its own update").isLessThanOrEqualTo(RAID_GAP_BOUND_MILLIS);

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
            System.out.printf("  network: %d switches while %s were updated, all %d at the broker in order: %s%n",
                    switchesLogged.size(), UPDATED_WHILE_SWITCHING, switchesArrived.size(), switchesLogged);
            System.out.printf("  failover: %d cabinet state changes in that window, all at the broker in order: %s%n",
                    statesLogged.size(), statesLogged);
            System.out.printf("  storage: %d RAID telemetry messages, each once, in order, longest gap outside its own update %d ms%n",
                    raidMessages.size(), raidGap.toMillis());
            System.out.printf("  held by the hand-over while no uplink took messages (times, per producer): %s%n",
                    heldPerProducer(gateway.output()));
            System.out.printf("  threads %d -> %d, fds %d -> %d, sockets %d -> %d%n", before.threads(), after.threads(),
                    before.fds(), after.fds(), before.sockets(), after.sockets());
        } finally {
            RemoteDeploymentIT.closeAndDelete(dir, meter, switched, cabinet, raid, fixture, cloud, gateway, packages, broker);
            mains.close();
            links.close();
        }
    }

    private static GatewayProcess start(Path dir, TestBroker broker, HttpsPackageServer packages, int meterPort,
            LinkFlapper links, Path mdstat) throws Exception {
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
                    "telemetry.every": 1 },
                 "org.cabinetgw.network.manager": {"backend": "simulated", "failback.hold.seconds": 1},
                 %s,
                 "org.cabinetgw.failover.coordinator": {"startup.settle.seconds": 0},
                 "org.cabinetgw.storage.raid": {"mdstat.path": "%s", "mdadm.path": "", "poll.seconds": 1,
                    "telemetry.seconds": %d}}
                """.formatted(broker.port, RemoteDeploymentIT.GATEWAY, RemoteDeploymentIT.PREFIX, meterPort,
                METER_PERIOD_MILLIS, links.siteEntries(), mdstat, RAID_TELEMETRY_SECONDS));
        List<String> jvm = new ArrayList<>(JvmOptions.ofReadmeCommand(GatewayProcess.MODULE.resolve("..")));
        jvm.addAll(packages.gatewayJvmOptions());
        return GatewayProcess.start(GatewayProcess.JAR, jvm, dir.resolve("data"), "--config", site.toString());
    }

    /** A clean two-disk raid1, as the kernel writes it (bundles/storage's fixture). */
    static final Path MDSTAT_CLEAN = GatewayProcess.MODULE.resolve("../bundles/storage/src/test/resources/mdstat/clean-raid1.txt");

    private static void awaitOutput(GatewayProcess gw, java.util.function.Predicate<String> condition, String what)
            throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (!condition.test(gw.output())) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(what + ": not within 60 s\n" + gw.output());
            }
            Thread.sleep(100);
        }
    }

    /**
     * How often each producer began holding messages because no uplink took them (bundles/handover's WARN line):
     * the producers did publish while an uplink was away, so the hand-over, not luck, kept what arrived.
     */
    static Map<String, Integer> heldPerProducer(String log) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        matches(java.util.regex.Pattern.compile("UplinkHandover - (.+?): no uplink takes messages now"), log, 1)
                .forEach(p -> out.merge(p, 1, Integer::sum));
        return out;
    }

    /** The link the manager's last logged switch went to, or "" before any. */
    static String lastSwitchTarget(String log) {
        List<String> targets = matches(SWITCH_LINE, log, 2);
        return targets.isEmpty() ? "" : targets.get(targets.size() - 1);
    }

    /** The cabinet state of the coordinator's last logged change; NORMAL before any (it starts NORMAL). */
    static String lastCabinetState(String log) {
        List<String> states = matches(CABINET_LINE, log, 1);
        return states.isEmpty() ? "NORMAL" : states.get(states.size() - 1);
    }

    static List<String> matches(java.util.regex.Pattern p, String text, int group) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(group));
        }
        return out;
    }

    private static List<Long> madeMillis(List<TopicRecorder.Message> ms) {
        return ms.stream().map(m -> m.made().toEpochMilli()).toList();
    }

    /** A metric of each message made within [from, to], first arrivals, in the order made. */
    static List<String> targets(List<TopicRecorder.Message> ms, Instant from, Instant to, String metric) {
        return inWindow(ms, from, to).stream().map(m -> m.metric(metric)).toList();
    }

    private static List<TopicRecorder.Message> inWindow(List<TopicRecorder.Message> ms, Instant from, Instant to) {
        Map<String, TopicRecorder.Message> byId = new LinkedHashMap<>();
        ms.forEach(m -> byId.putIfAbsent(m.id(), m));
        List<TopicRecorder.Message> out = new ArrayList<>(byId.values().stream()
                .filter(m -> !m.made().isBefore(from) && !m.made().isAfter(to)).toList());
        out.sort(java.util.Comparator.comparing(TopicRecorder.Message::made));
        return out;
    }

    /**
     * The cabinet's state changes made within [from, to], in the order made: a message repeating the state of the
     * one before (a change of wording, sent again at most once a minute) is not a change; the last state before the
     * window is where the window starts from.
     */
    static List<String> stateChanges(List<TopicRecorder.Message> ms, Instant from, Instant to) {
        String previous = ms.stream().filter(m -> m.made().isBefore(from)).max(java.util.Comparator.comparing(TopicRecorder.Message::made))
                .map(m -> m.metric("state")).orElse(null);
        List<String> out = new ArrayList<>();
        for (TopicRecorder.Message m : inWindow(ms, from, to)) {
            String state = m.metric("state");
            if (!state.equals(previous)) {
                out.add(state);
            }
            previous = state;
        }
        return out;
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
