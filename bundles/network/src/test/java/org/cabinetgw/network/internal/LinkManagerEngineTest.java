package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkType;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manager with real probes over loopback: each link probes its own real TCP listener, and a link fails
 * because its listener is really closed (connection refused). Time is a fake clock advanced by hand; rounds
 * are run by the test, so every step is deterministic.
 */
class LinkManagerEngineTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final RecordingSink sink = new RecordingSink();
    private final SimulatedBackend backend = new SimulatedBackend();
    private LinkManagerEngine engine;
    private Listener wiredServer;
    private Listener cellularServer;
    private LinkMonitor wired;
    private LinkMonitor cellular;

    /** A TCP listener accepting and closing connections on its own thread, re-openable on the same port. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;
        final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        final int port;

        Listener(int port) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            this.port = socket.getLocalPort();
            acceptor = new Thread(() -> {
                ServerSocket s = socket;
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        accepted.incrementAndGet(); // accepted: that is all a TCP probe needs
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-listener-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Closes and waits for the accepting thread: the JDK releases the listening port only once it left accept(). */
        @Override
        public void close() throws IOException {
            socket.close();
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final HealthPolicy POLICY = new HealthPolicy(10, 2, 3, 100.0, 60_000, 60_000, 0, 0);

    private LinkMonitor link(String name, int priority, boolean metered, int port) {
        LinkSettings s = LinkSettings.of(name, "lo", metered ? LinkType.CELLULAR : LinkType.WIRED, priority, metered,
                "", "127.0.0.1", 0, new String[] {"tcp://127.0.0.1:" + port}, 100, 5000, 500, 200, POLICY);
        return new LinkMonitor(s, clock::get, new InterfaceInspector());
    }

    @BeforeEach
    void setUp() throws Exception {
        wiredServer = new Listener(0);
        cellularServer = new Listener(0);
        engine = new LinkManagerEngine(backend, 10_000, sink, clock::get);
        wired = link("wired", 1, false, wiredServer.port);
        cellular = link("cellular", 2, true, cellularServer.port);
        engine.addLink(wired);
        engine.addLink(cellular);
        // the first round of a link only finds its address: the manager installs its routing before it is probed
        wired.runRound();
        cellular.runRound();
        engine.awaitIdle();
    }

    @AfterEach
    void tearDown() throws IOException {
        engine.close();
        wiredServer.close();
        cellularServer.close();
    }

    /** One probe round of each link, 100 ms apart on the fake clock, then let the manager decide. */
    private void rounds(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            clock.addAndGet(100);
            wired.runRound();
            cellular.runRound();
            engine.awaitIdle();
        }
    }

    private void bothUp() throws InterruptedException {
        rounds(3);
        assertThat(engine.activeName()).isEqualTo("wired");
    }

    @Test
    void startUpChoosesTheMostPreferredLinkAndReportsHealth() throws InterruptedException {
        // no probe before the manager installed the link's routing: such probes would give a false verdict
        assertThat(wired.rounds()).isZero();
        assertThat(cellular.rounds()).isZero();
        assertThat(engine.activeLink()).isEmpty();
        assertThat(engine.isActiveLinkMetered()).isFalse();
        rounds(2);
        assertThat(engine.activeLink()).isEmpty();
        rounds(1);
        assertThat(engine.activeLink()).get().extracting(s -> s.name()).isEqualTo("wired");
        assertThat(engine.isActiveLinkMetered()).isFalse();
        Map<String, Object> sw = sink.of(NetworkEvents.SWITCHED).get(0);
        assertThat(sw).containsEntry(NetworkEvents.LINK, "wired").containsEntry(NetworkEvents.CAUSE, "RECOVERY")
                .containsEntry(NetworkEvents.APPLIED, false).containsEntry(NetworkEvents.BACKEND, "simulated")
                .doesNotContainKey(NetworkEvents.FAULT_FIRST_SEEN);
        assertThat(backend.recommended()).isEqualTo("wired");
        assertThat(engine.managerHealth().state()).isEqualTo(HealthState.UP);
        assertThat(engine.links()).extracting(s -> s.name()).containsExactly("wired", "cellular");
    }

    @Test
    void wiredFailsThenTrafficMovesToCellularWithTimings() throws Exception {
        bothUp();
        wiredServer.close();
        long firstFailedRound = clock.get() + 100;
        rounds(1);
        assertThat(engine.activeName()).isEqualTo("wired");
        rounds(1);
        assertThat(engine.activeName()).isEqualTo("cellular");
        assertThat(engine.isActiveLinkMetered()).isTrue();
        Map<String, Object> sw = sink.of(NetworkEvents.SWITCHED).get(1);
        assertThat(sw).containsEntry(NetworkEvents.CAUSE, "FAILOVER").containsEntry(NetworkEvents.PREVIOUS_LINK, "wired")
                .containsEntry(NetworkEvents.FAULT_FIRST_SEEN, firstFailedRound)
                .containsEntry(NetworkEvents.DECLARED_DOWN, firstFailedRound + 100)
                .containsEntry(NetworkEvents.ROUTE_SWITCHED, firstFailedRound + 100)
                .containsEntry(NetworkEvents.FAULT_TO_SWITCH_MILLIS, 100L);
        assertThat((String) sw.get(NetworkEvents.REASON)).contains("Connection refused");
        assertThat(engine.managerHealth().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(engine.managerHealth().reason()).isEqualTo("running on a single link: cellular");
        // wired is down but its loss is covered by cellular: DEGRADED (the health rule), its state stays DOWN
        assertThat(engine.links().get(0).state()).isEqualTo(LinkState.DOWN);
        assertThat(engine.linkHealth("wired").state()).isEqualTo(HealthState.DEGRADED);
        assertThat(engine.linkHealth("wired").reason()).startsWith("down: ").contains("Connection refused")
                .endsWith("; covered by cellular");
        assertThat(sink.of(HealthEvents.CHANGED)).anySatisfy(e -> assertThat(e)
                .containsEntry(HealthEvents.COMPONENT, "link.wired").containsEntry(HealthEvents.STATE, "DEGRADED"));
        // never DOWN on the way: the entry is computed after the switch, in the same decision
        assertThat(sink.of(HealthEvents.CHANGED)).noneSatisfy(e -> assertThat(e)
                .containsEntry(HealthEvents.COMPONENT, "link.wired").containsEntry(HealthEvents.STATE, "DOWN"));

        // cellular lost too: nothing covers either, both DOWN
        cellularServer.close();
        rounds(2);
        assertThat(engine.activeLink()).isEmpty();
        assertThat(engine.linkHealth("wired").state()).isEqualTo(HealthState.DOWN);
        assertThat(engine.linkHealth("wired").reason()).doesNotContain("covered");
        assertThat(engine.linkHealth("cellular").state()).isEqualTo(HealthState.DOWN);
    }

    @Test
    void failBackOnlyAfterTheHoldTime() throws Exception {
        bothUp();
        int port = wiredServer.port;
        wiredServer.close();
        rounds(2);
        assertThat(engine.activeName()).isEqualTo("cellular");
        wiredServer = new Listener(port);
        rounds(3);
        assertThat(engine.linkHealth("wired").state()).isEqualTo(HealthState.UP);
        long upAt = clock.get();
        while (clock.get() < upAt + 9_900) {
            rounds(1);
            assertThat(engine.activeName()).isEqualTo("cellular");
        }
        rounds(1);
        assertThat(engine.activeName()).isEqualTo("wired");
        assertThat(sink.of(NetworkEvents.SWITCHED).get(2)).containsEntry(NetworkEvents.CAUSE, "FAILBACK");
        assertThat(engine.managerHealth().state()).isEqualTo(HealthState.UP);
    }

    @Test
    void bothDownThenCellularBackRecovers() throws Exception {
        bothUp();
        int cport = cellularServer.port;
        wiredServer.close();
        cellularServer.close();
        rounds(2);
        assertThat(engine.activeLink()).isEmpty();
        assertThat(sink.of(NetworkEvents.ALL_DOWN)).hasSize(1);
        assertThat(engine.managerHealth().state()).isEqualTo(HealthState.DOWN);
        assertThat(engine.managerHealth().reason()).isEqualTo("all links down");
        rounds(5);
        assertThat(sink.of(NetworkEvents.ALL_DOWN)).hasSize(1);
        cellularServer = new Listener(cport);
        rounds(3);
        assertThat(engine.activeName()).isEqualTo("cellular");
        assertThat(sink.of(NetworkEvents.SWITCHED)).last().satisfies(e -> assertThat(e)
                .containsEntry(NetworkEvents.CAUSE, "RECOVERY").containsEntry(NetworkEvents.METERED, true));
    }

    @Test
    void forcedDownForADrillAndReleased() throws Exception {
        bothUp();
        engine.forceDown("wired", "drill 42");
        engine.awaitIdle();
        assertThat(engine.activeName()).isEqualTo("cellular");
        assertThat(engine.links().get(0).state()).isEqualTo(LinkState.HELD_DOWN);
        assertThat(engine.links().get(0).reason()).isEqualTo("forced down: drill 42");
        rounds(20);
        assertThat(engine.activeName()).isEqualTo("cellular");
        engine.release("wired");
        rounds(1);
        clock.addAndGet(10_000);
        rounds(1);
        assertThat(engine.activeName()).isEqualTo("wired");
        assertThatThrownBy(() -> engine.forceDown("nope", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no link named 'nope'");
    }

    @Test
    void meteredStandbyLinkProbesSlowlyUnlessItIsNeeded() throws Exception {
        bothUp();
        assertThat(cellular.slowProbing()).isTrue();
        assertThat(wired.slowProbing()).isFalse();
        wiredServer.close();
        rounds(2);
        // cellular carries traffic and nothing else is usable: fast probing would buy nothing
        assertThat(cellular.slowProbing()).isTrue();
        cellularServer.close();
        rounds(2);
        assertThat(cellular.slowProbing()).isFalse();
    }

    @Test
    void aSlowedDownRoundProbesTargetsOneByOneUntilOneAnswers() throws Exception {
        try (Listener a = new Listener(0); Listener b = new Listener(0)) {
            LinkSettings s = LinkSettings.of("lte", "lo", LinkType.CELLULAR, 2, true, "", "127.0.0.1", 0,
                    new String[] {"tcp://127.0.0.1:" + a.port, "tcp://127.0.0.1:" + b.port}, 100, 5000, 500, 200, POLICY);
            LinkMonitor m = new LinkMonitor(s, clock::get, new InterfaceInspector());
            m.setSlowProbing(true);
            for (int i = 0; i < 3; i++) {
                m.runRound();
            }
            awaitAccepted(a, 3);
            assertThat(b.accepted.get()).as("second target untouched while the first answers").isZero();
            assertThat(m.state()).isEqualTo(LinkState.UP);
            a.close();
            m.runRound();
            awaitAccepted(b, 1);
            assertThat(m.state()).as("one target answering is enough").isEqualTo(LinkState.UP);
            m.close();
        }
    }

    /** A metered link on loopback with the default metered interval (300 s), probing slowly as in standby. */
    private LinkMonitor meteredInStandby(int port, int intervalMillis) {
        LinkSettings s = LinkSettings.of("lte", "lo", LinkType.CELLULAR, 2, true, "", "127.0.0.1", 0,
                new String[] {"tcp://127.0.0.1:" + port}, intervalMillis, 300_000, 500, 200, POLICY);
        LinkMonitor m = new LinkMonitor(s, clock::get, new InterfaceInspector());
        m.setSlowProbing(true);
        return m;
    }

    @Test
    void aFailedRoundOfAMeteredStandbyLinkIsConfirmedAtTheFastIntervalNotAfterAnotherMeteredOne() throws Exception {
        try (Listener a = new Listener(0)) {
            LinkMonitor m = meteredInStandby(a.port, 100);
            for (int i = 0; i < 3; i++) {
                m.runRound();
            }
            assertThat(m.state()).isEqualTo(LinkState.UP);
            a.close();
            m.start(); // the first scheduled round fails; the clock stands still, so no metered interval passes
            Await.until("declared down by fast confirmation rounds", Duration.ofSeconds(20),
                    () -> m.state() == LinkState.DOWN);
            m.close();
        }
    }

    @Test
    void aMeteredLinksStatusSaysWhatItCostsAMonthFromItsInterfaceCounters() throws Exception {
        try (Listener a = new Listener(0)) {
            LinkMonitor m = meteredInStandby(a.port, 50);
            m.start();
            // ticks every 50 ms; a minute passes on the link's clock between ticks: ten minutes of counters soon
            String reason = Await.until("a monthly cost in the link's status", Duration.ofSeconds(20), () -> {
                clock.addAndGet(61_000);
                return m.snapshot().status().reason();
            }, r -> r.contains("MB/month"));
            assertThat(reason).containsPattern("metered: \\d+\\.\\d MB/month at the rate of the last \\d+ min \\(lo's byte counters\\)");
            m.close();
        }
    }

    private static void awaitAccepted(Listener l, int n) throws InterruptedException {
        Await.until(n + " connections accepted", Duration.ofSeconds(10), () -> l.accepted.get() >= n);
        assertThat(l.accepted.get()).isEqualTo(n);
    }

    @Test
    void missingInterfaceIsDownWithTheReason() throws Exception {
        LinkSettings s = LinkSettings.of("ghost", "cgwnosuch0", LinkType.WIFI, 3, false, "", "", 0,
                new String[] {"tcp://127.0.0.1:1"}, 100, 5000, 500, 200, POLICY);
        LinkMonitor ghost = new LinkMonitor(s, clock::get, new InterfaceInspector());
        engine.addLink(ghost);
        bothUp();
        ghost.runRound();
        engine.awaitIdle();
        // its loss is covered while wired carries the traffic: DEGRADED, with the reason it is down
        assertThat(engine.links()).filteredOn(l -> l.name().equals("ghost")).extracting(l -> l.state())
                .containsExactly(LinkState.DOWN);
        assertThat(engine.linkHealth("ghost").state()).isEqualTo(HealthState.DEGRADED);
        assertThat(engine.linkHealth("ghost").reason()).isEqualTo("down: interface cgwnosuch0 not found; covered by wired");
    }

    @Test
    void ipAbsentMeansManagerDownAndNoSwitch() throws Exception {
        engine.close();
        RecordingSink events = new RecordingSink();
        Iproute2Backend broken = new Iproute2Backend(new CommandRunner(List.of(), 2000), "/nonexistent/cgw/ip");
        engine = new LinkManagerEngine(broken, 10_000, events, clock::get);
        engine.addLink(wired);
        engine.addLink(cellular);
        rounds(5);
        assertThat(engine.activeLink()).isEmpty();
        assertThat(events.of(NetworkEvents.SWITCHED)).isEmpty();
        assertThat(engine.managerHealth().state()).isEqualTo(HealthState.DOWN);
        assertThat(engine.managerHealth().reason()).startsWith("routing failed: cannot run '/nonexistent/cgw/ip -4 route replace default dev lo table 101'");
        assertThat(events.of(NetworkEvents.ROUTING_FAILED)).hasSize(2);
    }

    @Test
    void ipFailingMeansManagerDownAndNoSwitch() throws Exception {
        engine.close();
        RecordingSink events = new RecordingSink();
        Iproute2Backend failing = new Iproute2Backend(new CommandRunner(List.of(), 2000), "/bin/false");
        engine = new LinkManagerEngine(failing, 10_000, events, clock::get);
        engine.addLink(wired);
        rounds(5);
        assertThat(engine.activeLink()).isEmpty();
        assertThat(events.of(NetworkEvents.SWITCHED)).isEmpty();
        assertThat(engine.managerHealth().reason()).contains("failed with exit code 1");
    }
}
