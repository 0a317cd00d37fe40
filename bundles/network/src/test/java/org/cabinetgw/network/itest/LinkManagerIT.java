package org.cabinetgw.network.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LoopbackLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The bundle as deployed: links created as factory configurations through ConfigurationAdmin, the manager with
 * the simulated backend (as on Kura), events through Event Admin, health contributors, the LinkManager service.
 * Links run on loopback and probe real TCP listeners of the test; a link fails because its listener closes.
 */
class LinkManagerIT {

    static final String LINK_PID = "org.cabinetgw.network.link";
    static final String MANAGER_PID = "org.cabinetgw.network.manager";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Configuration> created = new ArrayList<>();
    private ServiceRegistration<EventHandler> handler;
    private ServerSocket wired;
    private ServerSocket cellular;

    /** The root namespace's rules and routes before the test: the test must leave them exactly so. */
    private String routingBefore;

    @BeforeEach
    void setUp() throws Exception {
        routingBefore = rootRouting();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {NetworkEvents.TOPIC_PREFIX + "*", "org/cabinetgw/health/*"});
        handler = context.registerService(EventHandler.class, events::add, topics);
        wired = LoopbackLinks.probeTarget("wired");
        cellular = LoopbackLinks.probeTarget("cellular");
        Dictionary<String, Object> manager = new Hashtable<>();
        manager.put("backend", "simulated");
        manager.put("failback.hold.seconds", 1);
        configurationAdmin.getConfiguration(MANAGER_PID, "?").update(manager);
        manager(); // the manager starts only with its configuration: the simulated backend, never iproute2 here
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : created) {
            c.delete();
        }
        configurationAdmin.getConfiguration(MANAGER_PID, "?").delete();
        // the next test creates the manager PID and the same links again: see ConfigurationEvents
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        // Configuration Admin works asynchronously: wait until this test's components are gone, so that the
        // next test starts with a fresh manager and fresh links, not with these on their way out
        for (int i = 0; i < 600 && (context.getServiceReference(LinkManager.class) != null
                || !context.getServiceReferences(HealthContributor.class, "(health.component=link.*)").isEmpty()); i++) {
            Thread.sleep(25);
        }
        assertThat(context.getServiceReference(LinkManager.class)).as("manager gone").isNull();
        handler.unregister();
        wired.close();
        cellular.close();
        assertThat(rootRouting()).as("this machine's routing is untouched").isEqualTo(routingBefore);
    }

    /** {@code ip rule show} and the main table, read only; empty where iproute2 is absent. */
    private static String rootRouting() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String[] cmd : new String[][] {{"ip", "rule", "show"}, {"ip", "route", "show", "table", "main"}}) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                out.append(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                out.append("no ip");
            }
        }
        return out.toString();
    }

    private Configuration link(String name, int priority, boolean metered, int port) throws IOException {
        Configuration c = configurationAdmin.getFactoryConfiguration(LINK_PID, name, "?");
        c.update(LoopbackLinks.link(name, priority, metered, port));
        created.add(c);
        return c;
    }

    private Event await(Predicate<Event> match, long millis) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        try {
            return Await.nonNull("a matching event", Duration.ofMillis(millis), () -> {
                Event e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && !match.test(e)) {
                    seen.add(e.getTopic() + " " + e.getProperty(NetworkEvents.LINK) + " " + e.getProperty(NetworkEvents.STATE));
                    return null;
                }
                return e;
            });
        } catch (AssertionError timedOut) {
            // the events seen say more than Await's "last seen: null"
            throw new AssertionError("no matching event within " + millis + " ms; saw " + seen, timedOut);
        }
    }

    private static Predicate<Event> switchedTo(String link) {
        return e -> e.getTopic().equals(NetworkEvents.SWITCHED) && link.equals(e.getProperty(NetworkEvents.LINK));
    }

    private LinkManager manager() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            ServiceReference<LinkManager> ref = context.getServiceReference(LinkManager.class);
            if (ref != null) {
                return context.getService(ref);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no LinkManager service");
    }

    private HealthContributor contributor(String name) throws Exception {
        for (int i = 0; i < 300; i++) {
            var refs = context.getServiceReferences(HealthContributor.class, "(health.component=" + name + ")");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no health contributor " + name);
    }

    /**
     * CHANGES.md rule 5: a configuration written with the last release's names (as a stored configuration or a
     * test on another branch has them) is read through them: a valid one probes, and an old name's value reaches
     * the settings check, which names the new setting.
     */
    @Test
    void theLastReleasesNamesAreStillRead() throws Exception {
        Configuration old = configurationAdmin.getFactoryConfiguration(LINK_PID, "oldnames", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", "oldnames");
        p.put("interface.name", "lo");
        p.put("source.address", "127.0.0.1");
        p.put("probe.targets", new String[] {"tcp://127.0.0.1:" + wired.getLocalPort()});
        p.put("probe.interval.ms", 50);
        p.put("probe.timeout.ms", 200);
        p.put("flap.hold.initial.s", 20);
        p.put("flap.hold.max.s", 10); // below the initial hold: refused, by the new name
        old.update(p);
        created.add(old);
        HealthContributor refusal = contributor("config:" + old.getPid());
        assertThat(refusal.health().state()).isEqualTo(HealthState.DOWN);
        assertThat(refusal.health().reason()).contains("flap.hold.max.seconds");

        p.put("flap.hold.max.s", 300);
        old.update(p);
        HealthContributor link = contributor("link.oldnames");
        for (int i = 0; i < 600 && link.health().state() != HealthState.UP; i++) {
            Thread.sleep(25);
        }
        assertThat(link.health().state()).as(link.health().reason()).isEqualTo(HealthState.UP);
    }

    @Test
    void failsOverAndBackThroughTheServiceAndEvents() throws Exception {
        // the uplink is optional and dynamic: it arrives after the manager and still gets every switch
        BlockingQueue<Message> sent = new LinkedBlockingQueue<>();
        ServiceRegistration<Uplink> uplink = context.registerService(Uplink.class, sent::add, null);
        try {
            failOver(sent);
        } finally {
            uplink.unregister();
        }
    }

    private void failOver(BlockingQueue<Message> sent) throws Exception {
        link("wired", 1, false, wired.getLocalPort());
        link("cellular", 2, true, cellular.getLocalPort());

        Event start = await(switchedTo("wired"), 10_000);
        assertThat(start.getProperty(NetworkEvents.APPLIED)).isEqualTo(false);
        assertThat(start.getProperty(NetworkEvents.BACKEND)).isEqualTo("simulated");
        LinkManager lm = manager();
        assertThat(lm.activeLink()).map(LinkStatus::name).contains("wired");
        assertThat(lm.isActiveLinkMetered()).isFalse();
        assertThat(lm.links()).extracting(LinkStatus::name).containsExactly("wired", "cellular");
        // the link's entry is set on the manager thread after the SWITCHED event is posted: await it, as below
        for (int i = 0; i < 600 && contributor("link.wired").health().state() != HealthState.UP; i++) {
            Thread.sleep(25);
        }
        assertThat(contributor("link.wired").health().state()).isEqualTo(HealthState.UP);
        awaitUsable(lm, 1); // cellular up, so that losing wired is a failover, not all links down

        wired.close();
        Event failover = await(switchedTo("cellular"), 10_000);
        assertThat(failover.getProperty(NetworkEvents.CAUSE)).isEqualTo("FAILOVER");
        assertThat((Long) failover.getProperty(NetworkEvents.ROUTE_SWITCHED))
                .isGreaterThanOrEqualTo((Long) failover.getProperty(NetworkEvents.DECLARED_DOWN));
        assertThat(lm.isActiveLinkMetered()).isTrue();
        // down, but covered by cellular: the health rule makes it DEGRADED (it is computed with the switch)
        // awaited by its reason: before the switch the lossy link may already be DEGRADED for its loss alone
        for (int i = 0; i < 600 && !contributor("link.wired").health().reason().endsWith("; covered by cellular"); i++) {
            Thread.sleep(25); // the entry is set on the manager thread right after the SWITCHED event is posted
        }
        assertThat(contributor("link.wired").health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(contributor("link.wired").health().reason()).endsWith("; covered by cellular");
        // the manager's health follows the switch on its own thread, a moment after the SWITCHED event
        awaitReason("network.manager", "running on a single link: cellular");

        Message first = sent.poll(5, TimeUnit.SECONDS);
        Message second = sent.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(first.topic()).isEqualTo("network/switched");
        assertThat(first.priority()).isEqualTo(Priority.EVENT);
        assertThat(second.metrics()).containsEntry(NetworkEvents.LINK, "cellular")
                .containsEntry(NetworkEvents.CAUSE, "FAILOVER").containsKey(NetworkEvents.FAULT_TO_SWITCH_MILLIS);
    }

    @Test
    void drillForcesALinkDownAndReleasesIt() throws Exception {
        link("wired", 1, false, wired.getLocalPort());
        link("cellular", 2, true, cellular.getLocalPort());
        await(switchedTo("wired"), 10_000);
        LinkManager lm = manager();
        // a drill needs somewhere to go: wait until cellular is up too (else it is ALL_DOWN, then RECOVERY)
        awaitUsable(lm, 1);
        lm.forceDown("wired", "drill");
        assertThat(await(switchedTo("cellular"), 5_000).getProperty(NetworkEvents.REASON)).isEqualTo("forced down: drill");
        assertThat(lm.links().get(0).state()).isEqualTo(LinkState.HELD_DOWN);
        lm.release("wired");
        assertThat(await(switchedTo("wired"), 5_000).getProperty(NetworkEvents.CAUSE)).isEqualTo("FAILBACK");
    }

    @Test
    void anInvalidLinkConfigurationIsRefusedAndAFixedOneIsTakenUp() throws Exception {
        link("wired", 1, false, wired.getLocalPort());
        await(switchedTo("wired"), 10_000);
        Configuration bad = link("cellular", 2, true, cellular.getLocalPort());
        Dictionary<String, Object> p = bad.getProperties();
        p.put("probe.interval.millis", 1); // below the 20 ms minimum
        bad.update(p);
        Thread.sleep(1000);
        LinkManager lm = manager();
        assertThat(lm.links()).extracting(LinkStatus::name).containsExactly("wired");
        p.put("probe.interval.millis", 50);
        bad.update(p);
        for (int i = 0; i < 300 && lm.links().size() < 2; i++) {
            Thread.sleep(50);
        }
        assertThat(lm.links()).extracting(LinkStatus::name).containsExactly("wired", "cellular");
    }

    @Test
    void stoppingTheBundleStopsEveryThreadItStarted() throws Exception {
        link("wired", 1, false, wired.getLocalPort());
        link("cellular", 2, true, cellular.getLocalPort());
        await(switchedTo("wired"), 10_000);
        assertThat(networkThreads()).isNotEmpty();
        awaitUsable(manager(), 1); // cellular up too: a stop that were an outage would switch to it first
        Bundle network = bundle("org.cabinetgw.network");
        events.clear();
        network.stop();
        try {
            for (int i = 0; i < 300 && !networkThreads().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(networkThreads()).isEmpty();
            Thread.sleep(500); // Event Admin delivers asynchronously
            // an orderly stop is not an outage: no switch to cellular, no ALL_DOWN (no network/all_down alarm)
            assertThat(events).extracting(Event::getTopic).doesNotContain(NetworkEvents.ALL_DOWN, NetworkEvents.SWITCHED);
        } finally {
            network.start();
        }
        // back with its configuration
        assertThat(await(switchedTo("wired"), 10_000).getProperty(NetworkEvents.CAUSE)).isEqualTo("RECOVERY");
        assertThat(manager().activeLink()).map(LinkStatus::name).isEqualTo(Optional.of("wired"));
    }

    private void awaitReason(String component, String reason) throws Exception {
        for (int i = 0; i < 600 && !reason.equals(contributor(component).health().reason()); i++) {
            Thread.sleep(25);
        }
        assertThat(contributor(component).health().reason()).isEqualTo(reason);
    }

    private static void awaitUsable(LinkManager lm, int index) throws InterruptedException {
        for (int i = 0; i < 600 && !lm.links().get(index).state().usable(); i++) {
            Thread.sleep(25);
        }
        assertThat(lm.links().get(index).state().usable()).as(lm.links().get(index).name() + " usable").isTrue();
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static List<String> networkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("cabinetgw-network")).toList();
    }
}
