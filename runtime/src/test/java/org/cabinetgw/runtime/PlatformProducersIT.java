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
import java.util.Set;
import java.util.regex.Pattern;

import org.cabinetgw.modbus.internal.LibmodbusServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 15's first test, end to end, for the producer bundles themselves: the real jar (its Gogo shell on stdin)
 * with a real Mosquitto, while the real producers publish continuously, and the platform bundles are each updated
 * in place ({@code update <id> <jar>}, {@code refresh}) and then stopped and started ({@code stop}, {@code start})
 * through the shell: uplink, power, modbus, network, failover, ha, core (storage: see {@link #SWAPPED}). Counted at independent
 * {@code mosquitto_sub}s (one a topic):
 * <ul>
 * <li>the power meter polling a libmodbus server every {@value #METER_PERIOD_MILLIS} ms, telemetry on every poll,
 * each message numbered ({@code telemetry.seq}: 1 after each start of the meter, one more for each): in the order
 * of arrival every number follows the one before or starts again at 1 (lost = 0, order kept), and each run of
 * numbers the meter ended ends at the number its log names at its stop ("stopped after N telemetry message(s)"):
 * nothing lost at a stop either;</li>
 * <li>the RAID monitor reading a clean md0 with telemetry every {@value #RAID_TELEMETRY_SECONDS} s: each id once,
 * in the order made;</li>
 * <li>the link manager (simulated backend, two links on loopback, {@link LinkFlapper} switching wired every few
 * seconds): every switch its log names arrives as {@code network/switched}, once, in the order made;</li>
 * <li>the failover coordinator: every change of the cabinet's state its log names arrives on
 * {@code failover/cabinet}, in the same order;</li>
 * <li>the fixture package's numbered telemetry (every 100 ms): every number, first arrivals in order.</li>
 * </ul>
 * While the uplink is updated or away, no producer's making stops (the meter's gap in making time stays within
 * {@value #METER_GAP_BOUND_MILLIS} ms): what they make then waits in their hand-over (bundles/handover) and arrives.
 * The longest gap of each producer during each step is printed. The same framework throughout (no restart).
 *
 * <p>The pair (ha) makes no events of its own on a standalone gateway (bundles/handover README): it is updated and
 * stopped here so that the others are counted across it; its own events need two gateways.
 *
 * <p>Not in the default build (two to four minutes of a loaded machine):
 * {@code mvn -B -ntp -pl runtime -am verify -Dhotswap.e2e=true -Dit.test=PlatformProducersIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "hotswap.e2e", matches = "true|1")
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES) // above the build's 5 min: sixteen steps, loaded
class PlatformProducersIT {

    /**
     * Updated, then stopped and started, in this order. Not storage: stopped through the shell a second or two after
     * its update and refresh there, the gateway's standard output (fd 1) ends up closed and reopened on /dev/null,
     * so the console and the log on it go silent (a defect found by this test, not fixed yet: runtime README "Hot
     * swap"; it struck after modbus's update once too, so the test reads the log file and copes with a silenced
     * console); the deploy agent updates storage in EveryPackageUpdateIT.
     */
    static final List<String> SWAPPED = List.of("org.cabinetgw.uplink", "org.cabinetgw.power", "org.cabinetgw.modbus",
            "org.cabinetgw.network", "org.cabinetgw.failover", "org.cabinetgw.ha", "org.cabinetgw.core");
    /** The bundles a producer runs on: while one of them is away the producer makes nothing, which is no loss. */
    static final Set<String> METER_RUNS_ON = Set.of("org.cabinetgw.power", "org.cabinetgw.modbus", "org.cabinetgw.core");
    static final Set<String> RAID_RUNS_ON = Set.of("org.cabinetgw.storage", "org.cabinetgw.core");
    static final int METER_PERIOD_MILLIS = 200;
    /** Ten periods: a stall on a loaded 2-core machine is not a loss; the uplink away (1-3 s) unheld would be more. */
    static final long METER_GAP_BOUND_MILLIS = 10L * METER_PERIOD_MILLIS;
    /** As EveryPackageUpdateIT's: its gap bound is two periods less a second. */
    static final int RAID_TELEMETRY_SECONDS = EveryPackageUpdateIT.RAID_TELEMETRY_SECONDS;
    /** Stopped this long: the fixture (every 100 ms) and the meter make ten readings meanwhile. */
    static final long AWAY_MILLIS = 2000;
    static final String METER_TOPIC = RemoteDeploymentIT.PREFIX + "/power/mains";
    static final Pattern METER_STOPPED = Pattern.compile("Power meter mains stopped after (\\d+) telemetry message");

    /** One step of the run: a bundle updated, or stopped and started, from .. to. */
    record Step(String bsn, String action, Instant from, Instant to) {
        String name() {
            return bsn.substring("org.cabinetgw.".length()) + " " + action;
        }
    }

    @Test
    void everyProducerCountedWhileEachPlatformBundleIsUpdatedAndStoppedThroughTheShell() throws Exception {
        Assumptions.assumeTrue(TestBroker.available() && SequenceSubscriber.available(),
                "mosquitto and mosquitto-clients are not installed");
        Assumptions.assumeTrue(LibmodbusServer.available(), "gcc and libmodbus-dev are not installed");
        Path dir = Files.createTempDirectory("platform-producers-it");
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
            Path mdstat = Files.copy(EveryPackageUpdateIT.MDSTAT_CLEAN, dir.resolve("mdstat"));
            gateway = GatewayShell.start(dir, broker, packages, producers(mains.port(), links, mdstat));
            cloud = new DeployCloud(broker.port, RemoteDeploymentIT.PREFIX, RemoteDeploymentIT.GATEWAY, "e2e-cloud");
            GatewayShell shell = new GatewayShell(gateway, cloud);
            gateway.awaitShippedPackages();
            gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected");
            cloud.awaitGateway(30_000);

            meter = TopicRecorder.start(broker.port, METER_TOPIC, dir.resolve("meter.txt"));
            switched = TopicRecorder.start(broker.port, EveryPackageUpdateIT.SWITCHED_TOPIC, dir.resolve("switched.txt"));
            cabinet = TopicRecorder.start(broker.port, EveryPackageUpdateIT.CABINET_TOPIC, dir.resolve("cabinet.txt"));
            raid = TopicRecorder.start(broker.port, EveryPackageUpdateIT.RAID_TOPIC, dir.resolve("raid.txt"));
            fixture = SequenceSubscriber.fixtureInstalled(cloud, broker.port, packages, dir.resolve("fixture.jsonl"));
            fixture.awaitSeq(10, "1.0.0", 30_000);
            meter.awaitCount(10, 30_000);
            raid.awaitCount(1, 30_000);
            // wired carrying the traffic (the cabinet's state may be anything: a full disk of the build machine
            // makes it DEGRADED; what is compared is each change)
            Path data = dir.resolve("data");
            GatewayShell.awaitLog(data, o -> EveryPackageUpdateIT.lastSwitchTarget(o).equals("wired"), "wired carrying the traffic");
            String uuid = shell.frameworkUuid();
            Map<String, Long> ids = shell.ids(SWAPPED);
            Map<String, Path> jars = GatewayShell.exportedJars(SWAPPED);

            int logFrom = GatewayShell.log(data).length();
            Instant windowStart = Instant.now();
            List<Step> steps = new ArrayList<>();
            links.start();
            for (String bsn : SWAPPED) {
                Instant from = Instant.now();
                shell.updateInPlace(bsn, ids.get(bsn), jars.get(bsn));
                shell.awaitActive(bsn);
                steps.add(new Step(bsn, "update", from, Instant.now()));
                producersGoOn(fixture, meter);

                from = Instant.now();
                shell.run("stop " + ids.get(bsn), bsn + " stopped");
                Thread.sleep(AWAY_MILLIS); // away for a while (not an assertion: the producers are awaited below)
                shell.run("start " + ids.get(bsn), bsn + " started");
                shell.awaitActive(bsn);
                steps.add(new Step(bsn, "stop/start", from, Instant.now()));
                producersGoOn(fixture, meter);
            }
            links.stop();
            GatewayShell.awaitLog(data, o -> EveryPackageUpdateIT.lastSwitchTarget(o).equals("wired"), "wired back");
            awaitSettled(data); // the coordinator's last assessment of the switch back made and logged
            int logTo = GatewayShell.log(data).length();
            Instant windowEnd = Instant.now();
            gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink UP after the steps");
            assertThat(shell.frameworkUuid()).as("the same framework: no restart").isEqualTo(uuid);

            // what was made by now arrives (awaited), then compared
            fixture.awaitSeq(fixture.highest() + 10, "1.0.0", 30_000);
            meter.awaitCount(meter.received().size() + 5, 30_000);
            String window = GatewayShell.log(data).substring(logFrom, logTo);
            List<String> switchesLogged = EveryPackageUpdateIT.matches(EveryPackageUpdateIT.SWITCH_LINE, window, 2);
            // a change is a state other than the one before: the one before the window is where it starts from
            List<String> states = new ArrayList<>(List.of(EveryPackageUpdateIT.lastCabinetState(GatewayShell.log(data).substring(0, logFrom))));
            states.addAll(EveryPackageUpdateIT.matches(EveryPackageUpdateIT.CABINET_LINE, window, 1));
            List<String> statesLogged = collapsed(states).subList(1, collapsed(states).size());
            TopicRecorder sw = switched;
            TopicRecorder cab = cabinet;
            awaitTrue(() -> EveryPackageUpdateIT.targets(sw.received(), windowStart, windowEnd, "link").size()
                    >= switchesLogged.size(), "every logged switch at the broker");
            awaitTrue(() -> EveryPackageUpdateIT.stateChanges(cab.received(), windowStart, windowEnd).size()
                    >= statesLogged.size() - 1, "every logged cabinet state at the broker");

            // the meter: numbered, so lost and order are decided from what arrived
            List<TopicRecorder.Message> readings = firstArrivals(meter.received());
            List<Long> numbers = readings.stream().map(m -> Long.parseLong(m.metric("telemetry.seq"))).toList();
            List<String> breaks = MeterRuns.breaks(numbers);
            List<Long> runEnds = MeterRuns.ends(numbers);
            List<Long> stopsLogged = EveryPackageUpdateIT.matches(METER_STOPPED, window, 1).stream().map(Long::parseLong)
                    .toList();
            assertThat(breaks).as("meter numbers not following the one before (lost or out of order)").isEmpty();
            assertThat(runEnds).as("each run of meter numbers ends at the number the meter logged at its stop")
                    .containsExactlyElementsOf(stopsLogged);
            assertThat(stopsLogged).as("the meter restarted at least by power's own update and stop").hasSizeGreaterThanOrEqualTo(2);

            List<TopicRecorder.Message> raidMessages = raid.received();
            assertThat(raidMessages.stream().map(TopicRecorder.Message::id).distinct().count()).as("RAID telemetry: each id once")
                    .isEqualTo(raidMessages.size());
            assertThat(EveryPackageUpdateIT.firstArrivalsOutOfOrder(made(raidMessages))).as("RAID telemetry after a later one").isZero();

            List<String> switchesArrived = EveryPackageUpdateIT.targets(switched.received(), windowStart, windowEnd, "link");
            assertThat(switchesLogged).as("link switches during the steps (the manager's log)").hasSizeGreaterThanOrEqualTo(4);
            assertThat(switchesArrived).as("link switches at mosquitto_sub, each once, in the order made")
                    .containsExactlyElementsOf(switchesLogged);
            // the same rule at the broker, from the same state before the window (its message may have been made
            // before the subscriber started)
            List<String> atBroker = new ArrayList<>(List.of(states.get(0)));
            atBroker.addAll(EveryPackageUpdateIT.targets(cabinet.received(), windowStart, windowEnd, "state"));
            List<String> statesArrived = collapsed(atBroker).subList(1, collapsed(atBroker).size());
            assertThat(statesArrived).as("cabinet state changes at mosquitto_sub, in the order made")
                    .containsExactlyElementsOf(statesLogged);

            List<SequenceSubscriber.Received> numbered = fixture.received();
            assertThat(SequenceSubscriber.missing(numbered)).as("fixture numbers missing").isEmpty();
            assertThat(EveryPackageUpdateIT.firstArrivalsOutOfOrder(numbered.stream().map(SequenceSubscriber.Received::seq).toList()))
                    .as("fixture numbers after a higher one (first arrivals)").isZero();

            // while the uplink was replaced or away the meter went on making: held, not dropped
            List<Instant> meterMade = readings.stream().map(TopicRecorder.Message::made).toList();
            List<Instant> raidMade = raidMessages.stream().map(TopicRecorder.Message::made).toList();
            List<Instant> fixtureMade = numbered.stream().map(SequenceSubscriber.Received::created).distinct().toList();
            for (Step s : steps) {
                if (!METER_RUNS_ON.contains(s.bsn())) {
                    assertThat(longestGapWithin(meterMade, s.from(), s.to()).toMillis())
                            .as("the meter's longest gap in making time during " + s.name())
                            .isLessThanOrEqualTo(METER_GAP_BOUND_MILLIS);
                }
                if (!RAID_RUNS_ON.contains(s.bsn())) {
                    assertThat(longestGapWithin(raidMade, s.from(), s.to()).toMillis())
                            .as("RAID telemetry's longest gap in making time during " + s.name())
                            .isLessThanOrEqualTo(EveryPackageUpdateIT.RAID_GAP_BOUND_MILLIS);
                }
            }
            assertThat(GatewayShell.log(data)).as("the hand-over dropped nothing (the log file)")
                    .doesNotContain("they are lost").doesNotContain(" dropped so far").doesNotContain("the uplink refused");
            assertThat(gateway.output()).as("no stack trace, no shell command failed (the console)").doesNotContain("\tat ")
                    .doesNotContain("gogo: ");
            // the defect named at SWAPPED: printed, not asserted here (a run where it strikes still counts the producers)
            boolean consoleAlive = !shell.consoleSilenced();

            System.out.printf("PlatformProducersIT: %d bundles updated, then stopped %d ms and started, through the shell;"
                    + " load average %s%n", SWAPPED.size(), AWAY_MILLIS, Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf("  meter:    %d readings, %d runs of numbers (restarts logged: %s), 0 lost, in order%n",
                    readings.size(), runEnds.size() + 1, stopsLogged);
            System.out.printf("  storage:  %d RAID telemetry messages, each once, in order%n", raidMessages.size());
            System.out.printf("  network:  %d switches, all at the broker once, in order%n", switchesLogged.size());
            System.out.printf("  failover: %d cabinet state changes, all at the broker in order: %s%n", statesLogged.size(),
                    statesLogged);
            System.out.printf("  fixture:  %d numbers, 0 lost, in order%n", fixture.highest());
            System.out.printf("  %-22s %8s %10s %10s %10s%n", "step (ms)", "took", "meter gap", "RAID gap", "fixture gap");
            for (Step s : steps) {
                System.out.printf("  %-22s %8d %10d %10d %10d%n", s.name(), Duration.between(s.from(), s.to()).toMillis(),
                        longestGapWithin(meterMade, s.from(), s.to()).toMillis(),
                        longestGapWithin(raidMade, s.from(), s.to()).toMillis(),
                        longestGapWithin(fixtureMade, s.from(), s.to()).toMillis());
            }
            System.out.printf("  held by the hand-over while no uplink took messages (times, per producer): %s%n",
                    EveryPackageUpdateIT.heldPerProducer(GatewayShell.log(data)));
            System.out.printf("  the console still printing at the end: %s%n", consoleAlive);
        } finally {
            RemoteDeploymentIT.closeAndDelete(dir, meter, switched, cabinet, raid, fixture, cloud, gateway, packages, broker);
            mains.close();
            links.close();
        }
    }

    /** The producers' site entries: a meter on the libmodbus server, the two links, the coordinator, the RAID monitor. */
    private static String producers(int meterPort, LinkFlapper links, Path mdstat) {
        return """
                "org.cabinetgw.power.meter~mains": { "meter.name": "mains", "meter.role": "MAINS", "port": %d,
                   "preset": "CUSTOM", "custom.points": ["voltage;holding;0;float32;ABCD;1;0;V",
                   "frequency;holding;2;float32;ABCD;1;0;Hz"], "poll.millis": %d, "max.backoff.millis": 500,
                   "telemetry.every": 1 },
                "org.cabinetgw.network.manager": {"backend": "simulated", "failback.hold.seconds": 1},
                %s,
                "org.cabinetgw.failover.coordinator": {"startup.settle.seconds": 0},
                "org.cabinetgw.storage.raid": {"mdstat.path": "%s", "mdadm.path": "", "poll.seconds": 1,
                   "telemetry.seconds": %d},
                """.formatted(meterPort, METER_PERIOD_MILLIS, links.siteEntries(), mdstat, RAID_TELEMETRY_SECONDS);
    }

    /** Between steps the producers go on, as a cabinet's would: five more fixture numbers, five more readings. */
    private static void producersGoOn(SequenceSubscriber fixture, TopicRecorder meter) throws Exception {
        fixture.awaitSeq(fixture.highest() + 5, "1.0.0", 30_000);
        meter.awaitCount(meter.received().size() + 5, 30_000);
    }

    /** Each message once (the uplink delivers at least once: a repeat has the same id), in arrival order. */
    static List<TopicRecorder.Message> firstArrivals(List<TopicRecorder.Message> ms) {
        Map<String, TopicRecorder.Message> byId = new LinkedHashMap<>();
        ms.forEach(m -> byId.putIfAbsent(m.id(), m));
        return new ArrayList<>(byId.values());
    }

    /** Consecutive repeats counted once: a restarted coordinator announcing the state it had is no change. */
    static List<String> collapsed(List<String> states) {
        List<String> out = new ArrayList<>();
        for (String s : states) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Long> made(List<TopicRecorder.Message> ms) {
        return ms.stream().map(m -> m.made().toEpochMilli()).toList();
    }

    /** The longest time between consecutive instants among the gaps that overlap [from, to]. */
    static Duration longestGapWithin(List<Instant> made, Instant from, Instant to) {
        List<Instant> sorted = new ArrayList<>(made);
        sorted.sort(null);
        Duration longest = Duration.ZERO;
        for (int i = 1; i < sorted.size(); i++) {
            Instant a = sorted.get(i - 1);
            Instant b = sorted.get(i);
            if (a.isBefore(to) && b.isAfter(from) && Duration.between(a, b).compareTo(longest) > 0) {
                longest = Duration.between(a, b);
            }
        }
        return longest;
    }

    /**
     * Waits until no switch and no cabinet state has been logged for three seconds, 20 s at most (a disk filling
     * beside the test may change the cabinet's reason on and on: the comparison then covers what was logged).
     */
    private static void awaitSettled(Path data) throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        int seen = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < end) {
            String o = GatewayShell.log(data);
            int now = EveryPackageUpdateIT.matches(EveryPackageUpdateIT.SWITCH_LINE, o, 2).size()
                    + EveryPackageUpdateIT.matches(EveryPackageUpdateIT.CABINET_LINE, o, 1).size();
            if (now != seen) {
                seen = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= 3000) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Condition c, String what) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (!c.holds()) {
            if (System.currentTimeMillis() > end) {
                return; // the assertion after it names what is missing
            }
            Thread.sleep(200);
        }
    }
}
