package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.network.internal.TwoLinkCabinet.link;
import static org.cabinetgw.network.internal.TwoLinkCabinet.switchedTo;

import java.util.Map;

import org.cabinetgw.network.internal.TwoLinkCabinet.Event;
import org.cabinetgw.network.internal.TwoLinkCabinet.Probing;
import org.cabinetgw.testing.netns.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failover in real network namespaces: the real link manager and iproute2 backend run in a gateway namespace
 * (child JVM), the cloud in another, two veth links between them. Needs root and iproute2.
 */
class FailoverInNamespacesTest {

    private static final String SWITCHED = "org/cabinetgw/network/SWITCHED";
    private TwoLinkCabinet cabinet;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue(Netns.available(),
                "skipped: needs root and iproute2 to create network namespaces (CI runs these as root)");
    }

    @AfterEach
    void tearDown() {
        if (cabinet != null) {
            cabinet.close();
        }
    }

    private void start(long failbackHoldMs, Probing probing) throws Exception {
        cabinet = new TwoLinkCabinet();
        cabinet.startCloud();
        cabinet.startGateway(config(failbackHoldMs, probing));
        cabinet.await(switchedTo("wired"), 10_000);
        // cellular up as well, so that a wired fault is a failover and not "all down, then recovery"
        cabinet.awaitEver(link("cellular", "UP").or(link("cellular", "DEGRADED")), 10_000);
        assertThat(cabinet.defaultRoute()).contains("via 10.1.0.1 dev w0");
        cabinet.awaitClient(true, 5_000);
        // each link has its own table and a rule on its source address, so probes leave through it
        assertThat(cabinet.gw.ip("rule", "show")).contains("from 10.1.0.2 lookup 101").contains("from 10.2.0.2 lookup 102");
        assertThat(cabinet.gw.ip("route", "show", "table", "102")).contains("default via 10.2.0.1 dev c0");
    }

    private static Map<String, Object> config(long failbackHoldMs, Probing probing) {
        return TwoLinkCabinet.config(failbackHoldMs, probing, true);
    }

    @Test
    void anOrderlyStopRaisesNoAlarmAndLeavesNoRuleOrTable() throws Exception {
        start(3_000, Probing.DEFAULTS);
        cabinet.send("stop");
        cabinet.await(e -> e.topic().equals("stopped"), 20_000);
        assertThat(cabinet.events).noneMatch(e -> e.topic().equals("org/cabinetgw/network/ALL_DOWN"));
        assertThat(cabinet.events.stream().filter(e -> e.topic().equals(SWITCHED))).hasSize(1);
        String rules = cabinet.gw.ip("rule", "show");
        assertThat(rules).doesNotContain("lookup 101").doesNotContain("lookup 102");
        assertThat(cabinet.gw.ip("route", "show", "table", "101")).isBlank();
        assertThat(cabinet.gw.ip("route", "show", "table", "102")).isBlank();
        assertThat(cabinet.gw.ip("-4", "route", "show", "table", "all")).doesNotContain("table 101").doesNotContain("table 102");
        // the main table's default route is the host's: deliberately left on the last active link
        assertThat(cabinet.defaultRoute()).contains("via 10.1.0.1 dev w0");
        assertThat(cabinet.log).content().doesNotContain("interrupted while running");
    }

    @Test
    void wiredCarrierLostMovesTrafficToCellularAndBackAfterTheHoldTime() throws Exception {
        start(3_000, Probing.DEFAULTS);
        long fault = System.currentTimeMillis();
        cabinet.cloud.ip("link", "set", "w1", "down"); // the cable is pulled: no carrier on w0
        Event sw = cabinet.await(switchedTo("cellular"), 5_000);
        assertThat(sw.str("cause")).isEqualTo("FAILOVER");
        assertThat(sw.p().get("applied").getAsBoolean()).isTrue();
        assertThat(sw.num("route.switched") - fault).isLessThan(2_000);
        assertThat(sw.num("fault.first.seen")).isGreaterThanOrEqualTo(fault - 10);
        assertThat(sw.num("declared.down")).isBetween(sw.num("fault.first.seen"), sw.num("route.switched"));
        assertThat(sw.str("reason")).isEqualTo("interface w0 has no carrier");
        assertThat(cabinet.defaultRoute()).contains("via 10.2.0.1 dev c0");
        assertThat(sw.p().get("metered").getAsBoolean()).isTrue();
        cabinet.awaitClient(true, 5_000); // the application gets through again, over cellular

        cabinet.cloud.ip("link", "set", "w1", "up");
        // usable again: UP, or DEGRADED while the window still holds the failed rounds
        Event up = cabinet.await(link("wired", "UP").or(link("wired", "DEGRADED")), 10_000);
        Event back = cabinet.await(switchedTo("wired"), 10_000);
        assertThat(back.str("cause")).isEqualTo("FAILBACK");
        assertThat(back.t() - up.t()).isGreaterThanOrEqualTo(3_000).isLessThan(5_000);
        assertThat(cabinet.defaultRoute()).contains("via 10.1.0.1 dev w0");
    }

    @Test
    void wiredInterfaceSetDownOnTheGatewayFlushesItsRoutesWhichComeBackWithIt() throws Exception {
        start(1_000, Probing.DEFAULTS);
        cabinet.gw.ip("link", "set", "w0", "down"); // the kernel drops every route through w0, table 101's too
        Event sw = cabinet.await(switchedTo("cellular"), 5_000);
        assertThat(sw.str("reason")).isEqualTo("interface w0 is down");
        assertThat(cabinet.defaultRoute()).contains("dev c0");
        assertThat(cabinet.gw.ip("route", "show", "table", "101")).isEmpty();
        cabinet.awaitClient(true, 5_000);

        cabinet.gw.ip("link", "set", "w0", "up");
        assertThat(cabinet.await(switchedTo("wired"), 10_000).str("cause")).isEqualTo("FAILBACK");
        assertThat(cabinet.gw.ip("route", "show", "table", "101")).contains("default via 10.1.0.1 dev w0");
        assertThat(cabinet.defaultRoute()).contains("via 10.1.0.1 dev w0");
        cabinet.awaitClient(true, 5_000);
    }

    @Test
    void wiredUpButBlackholedMovesTrafficToCellular() throws Exception {
        start(3_000, Probing.DEFAULTS);
        long fault = System.currentTimeMillis();
        // the link stays up, but the far side drops everything addressed to the gateway's wired address
        cabinet.cloud.ip("route", "add", "blackhole", "10.1.0.2/32");
        Event sw = cabinet.await(switchedTo("cellular"), 5_000);
        assertThat(sw.str("cause")).isEqualTo("FAILOVER");
        assertThat(sw.num("route.switched") - fault).isLessThan(2_000);
        assertThat(sw.str("reason")).contains("no probe target answered");
        assertThat(cabinet.defaultRoute()).contains("dev c0");
        assertThat(cabinet.gw.ip("link", "show", "w0")).contains("state UP"); // no carrier change: probes found it
        cabinet.awaitClient(true, 5_000);

        cabinet.cloud.ip("route", "del", "blackhole", "10.1.0.2/32");
        assertThat(cabinet.await(switchedTo("wired"), 15_000).str("cause")).isEqualTo("FAILBACK");
    }

    @Test
    void wiredFlappingEveryTwoSecondsForAMinuteCausesABoundedNumberOfSwitches() throws Exception {
        // a short fail-back hold, so that only flap damping stands between flapping and switching
        start(1_000, Probing.DEFAULTS);
        long end = System.currentTimeMillis() + 60_000;
        boolean down = false;
        while (System.currentTimeMillis() < end) {
            down = !down;
            cabinet.cloud.ip("link", "set", "w1", down ? "down" : "up");
            cabinet.pump(2_000);
        }
        cabinet.cloud.ip("link", "set", "w1", "up");
        cabinet.pump(500);
        long switches = cabinet.events.stream().filter(e -> e.topic().equals(SWITCHED)).count() - 1; // minus start-up
        long downs = cabinet.events.stream().filter(link("wired", "DOWN")).count();
        // without damping every 4 s cycle would cost a failover and a fail-back: about 30 switches
        assertThat(downs).as("the wired link really flapped").isGreaterThanOrEqualTo(2);
        assertThat(switches).as("switches while flapping").isBetween(1L, 6L);
        assertThat(cabinet.events.stream().filter(link("wired", "HELD_DOWN")).count()).isGreaterThanOrEqualTo(1);
        assertThat(cabinet.defaultRoute()).contains("dev c0"); // still held down: traffic stays on cellular
    }

    @Test
    void bothLinksDownThenCellularBackRecovers() throws Exception {
        start(3_000, Probing.DEFAULTS);
        cabinet.cloud.ip("link", "set", "w1", "down");
        cabinet.cloud.ip("link", "set", "c1", "down");
        Event allDown = cabinet.await(e -> e.topic().equals("org/cabinetgw/network/ALL_DOWN"), 10_000);
        // which link is found down last depends on which one's round comes first
        assertThat(allDown.str("previous.link")).isIn("wired", "cellular");
        cabinet.awaitClient(false, 2_000); // the application is cut off
        cabinet.await(e -> e.topic().equals("org/cabinetgw/health/CHANGED") && "network.manager".equals(e.str("component"))
                && "DOWN".equals(e.str("state")), 5_000);

        cabinet.cloud.ip("link", "set", "c1", "up");
        Event sw = cabinet.await(switchedTo("cellular"), 10_000);
        assertThat(sw.str("cause")).isEqualTo("RECOVERY");
        assertThat(cabinet.defaultRoute()).contains("via 10.2.0.1 dev c0");
        cabinet.awaitClient(true, 5_000);
    }

    @Test
    void forcedDownForADrillMovesTrafficAndReleaseBringsItBack() throws Exception {
        start(1_000, Probing.DEFAULTS);
        cabinet.send("force wired");
        Event sw = cabinet.await(switchedTo("cellular"), 5_000);
        assertThat(sw.str("reason")).isEqualTo("forced down: drill");
        assertThat(cabinet.defaultRoute()).contains("dev c0");
        cabinet.send("release wired");
        assertThat(cabinet.await(switchedTo("wired"), 5_000).str("cause")).isEqualTo("FAILBACK");
    }

    @Test
    void badInputMeansDownWithTheReasonAndNoRouteChanged() throws Exception {
        cabinet = new TwoLinkCabinet();
        cabinet.startCloud();
        cabinet.gw.ip("route", "add", "default", "via", "10.2.0.1", "dev", "c0"); // the system's own route
        Map<String, Object> config = TwoLinkCabinet.config(1_000, Probing.DEFAULTS, false);
        config.put("ip", "/nonexistent/sbin/ip"); // iproute2 absent
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> links = (java.util.List<Map<String, Object>>) config.get("links");
        links.get(0).put("interface", "w9"); // no such interface
        links.get(1).put("targets", java.util.List.of("tcp://nowhere.invalid:7")); // cannot be resolved
        cabinet.startGateway(config);
        Event wired = cabinet.await(e -> TwoLinkCabinet.link("wired", "DOWN").test(e)
                && "interface w9 not found".equals(e.str("reason")), 5_000);
        assertThat(wired).isNotNull();
        Event cellular = cabinet.await(e -> e.topic().equals("org/cabinetgw/health/CHANGED")
                && "link.cellular".equals(e.str("component")) && "DOWN".equals(e.str("state")), 5_000);
        cabinet.pump(2_000);
        assertThat(cabinet.events.stream().filter(e -> e.topic().equals("org/cabinetgw/network/LINK_CHANGED")
                && "cellular".equals(e.str("link"))).reduce((a, b) -> b).orElseThrow().str("reason"))
                .isIn("not probed yet", "no probe target answered (tcp://nowhere.invalid:7: cannot resolve nowhere.invalid)");
        assertThat(cabinet.events).noneMatch(e -> e.topic().equals(SWITCHED));
        assertThat(cabinet.defaultRoute()).isEqualTo("default via 10.2.0.1 dev c0");

        // now cellular answers, but ip is absent: DOWN with the reason, still nothing changed
        cabinet.close();
        cabinet = new TwoLinkCabinet();
        cabinet.startCloud();
        cabinet.gw.ip("route", "add", "default", "via", "10.2.0.1", "dev", "c0");
        config = TwoLinkCabinet.config(1_000, Probing.DEFAULTS, false);
        config.put("ip", "/nonexistent/sbin/ip");
        cabinet.startGateway(config);
        Event failed = cabinet.await(e -> e.topic().equals("org/cabinetgw/network/ROUTING_FAILED"), 10_000);
        assertThat(failed.str("reason")).contains("cannot run '/nonexistent/sbin/ip");
        cabinet.pump(2_000);
        assertThat(cabinet.events).noneMatch(e -> e.topic().equals(SWITCHED));
        assertThat(cabinet.defaultRoute()).isEqualTo("default via 10.2.0.1 dev c0");
        assertThat(cabinet.gw.ip("rule", "show")).doesNotContain("lookup 101");
    }
}
