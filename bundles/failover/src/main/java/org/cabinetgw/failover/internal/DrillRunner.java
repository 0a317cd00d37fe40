package org.cabinetgw.failover.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.DrillResult.Outcome;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs failover drills: provokes a failure through the capability's own control (a link forced down, MQTT
 * suspended), waits for the system to fail over and back, and times both against the targets.
 *
 * <p>Safety: one drill at a time; refused unless the cabinet is NORMAL; aborted when the host reports that the
 * real situation degraded outside the drilled dimension; whatever was forced is released in a finally block,
 * and {@link #close()} releases it too (the component deactivating while a drill runs).
 */
final class DrillRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);

    /** What the drill needs from the coordinator. */
    interface Host {
        CabinetStatus status();

        LinkManager linkManager();

        UplinkControl uplinkControl();

        UplinkStatus uplinkStatus();

        /** The drill begins (the assessment names its fault as a drill) or ends (null). */
        void drilling(DrillKind kind);

        /** Non-null when the real situation degraded outside the drilled dimension: the drill must stop. */
        String abortReason();

        /** The drill is over (also refused): record and announce it. */
        void finished(DrillResult result, Episode episode);
    }

    /** Targets for one kind of drill. */
    record Targets(Duration failover, Duration failback) {
    }

    private record Observed(String topic, Map<String, Object> props, Instant at) {
    }

    private static final class Aborted extends Exception {
        private static final long serialVersionUID = 1L;

        Aborted(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Host host;
    private final Clock clock;
    private final Map<DrillKind, Targets> targets;
    private final ReentrantLock running = new ReentrantLock();
    private final BlockingQueue<Observed> events = new LinkedBlockingQueue<>();
    /** What must be undone: run once, by the drill's finally or by close(), whichever comes first. */
    private final AtomicReference<Runnable> undo = new AtomicReference<>();
    private volatile Thread drillThread;
    private volatile boolean closed;

    DrillRunner(Host host, Clock clock, Map<DrillKind, Targets> targets) {
        this.host = host;
        this.clock = clock;
        this.targets = Map.copyOf(targets);
    }

    boolean active() {
        return drillThread != null;
    }

    // a non-null answer refuses every drill (this node is the standby of a pair: DrillPermit)
    private volatile Supplier<String> refusal = () -> null;

    /** Drills are refused, with the reason given, while it is not null. */
    void refuseWhen(Supplier<String> why) {
        refusal = why;
    }

    /** Called by the coordinator for the events a drill waits for; ignored when no drill runs. */
    void offer(String topic, Map<String, Object> props, Instant at) {
        if (drillThread != null) {
            events.offer(new Observed(topic, props, at));
        }
    }

    DrillResult run(DrillKind kind) throws InterruptedException {
        Instant started = clock.instant();
        Targets t = targets.get(kind);
        if (closed) {
            return refused(kind, started, t, "the failover coordinator is stopping");
        }
        String notHere = refusal.get();
        if (notHere != null) {
            return refused(kind, started, t, notHere);
        }
        if (!running.tryLock()) {
            return refused(kind, started, t, "another drill is running");
        }
        try {
            CabinetStatus status = host.status();
            if (status.state() != CabinetState.NORMAL) {
                return refused(kind, started, t, "the cabinet is " + status.state() + " (" + status.summary() + ")");
            }
            String id = "drill:" + kind.name().toLowerCase(java.util.Locale.ROOT) + "/" + UUID.randomUUID();
            return kind == DrillKind.LINK ? linkDrill(id, started, t) : uplinkDrill(id, started, t);
        } finally {
            running.unlock();
        }
    }

    private DrillResult linkDrill(String id, Instant started, Targets t) throws InterruptedException {
        LinkManager lm = host.linkManager();
        if (lm == null) {
            return refused(DrillKind.LINK, started, t, "no link manager");
        }
        List<LinkStatus> links = lm.links();
        if (links.size() < 2) {
            return refused(DrillKind.LINK, started, t, "a link drill needs two links; " + links.size() + " configured");
        }
        LinkStatus preferred = links.get(0);
        Optional<LinkStatus> active = lm.activeLink();
        if (active.isEmpty() || !active.get().name().equals(preferred.name())) {
            return refused(DrillKind.LINK, started, t, "traffic is not on the preferred link " + preferred.name());
        }
        if (links.stream().skip(1).noneMatch(l -> l.state().usable())) {
            return refused(DrillKind.LINK, started, t, "no other link is up to fail over to");
        }
        String link = preferred.name();
        Episode[] episode = { new Episode(id, Dimension.NETWORK, "drill link " + link, started, null, List.of(), null, "open") };
        long failover = -1;
        long failback = -1;
        Outcome outcome = Outcome.PASSED;
        String detail;
        begin(DrillKind.LINK);
        try {
            events.clear();
            Instant forced = clock.instant();
            undo.set(() -> release(lm, link));
            lm.forceDown(link, "failover drill " + id);
            action(episode, forced, "forced " + link + " down");
            Observed sw = await(e -> e.topic().equals(NetworkEvents.SWITCHED) && link.equals(e.props().get(NetworkEvents.PREVIOUS_LINK)),
                    t.failover(), "link", link);
            if (sw == null) {
                outcome = Outcome.FAILED;
                detail = "traffic did not leave " + link + " within " + t.failover().toSeconds() + " s";
            } else {
                failover = millis(forced, eventTime(sw, NetworkEvents.ROUTE_SWITCHED));
                action(episode, eventTime(sw, NetworkEvents.ROUTE_SWITCHED), "route switched to " + sw.props().get(NetworkEvents.LINK)
                        + " after " + failover + " ms");
                episode[0] = declared(episode[0], eventTime(sw, NetworkEvents.ROUTE_SWITCHED));
                detail = "failover " + failover + " ms";
            }
            Instant released = clock.instant();
            runUndo();
            action(episode, released, "released " + link);
            if (sw != null) {
                Observed back = await(e -> e.topic().equals(NetworkEvents.SWITCHED) && link.equals(e.props().get(NetworkEvents.LINK)),
                        t.failback(), "link", link);
                if (back == null) {
                    outcome = Outcome.FAILED;
                    detail += "; traffic did not come back to " + link + " within " + t.failback().toSeconds() + " s";
                } else {
                    failback = millis(released, eventTime(back, NetworkEvents.ROUTE_SWITCHED));
                    action(episode, eventTime(back, NetworkEvents.ROUTE_SWITCHED), "route back on " + link + " after " + failback + " ms");
                    detail += ", fail-back " + failback + " ms";
                }
            }
            outcome = judge(outcome, failover, failback, t);
            detail = verdict(outcome, detail, failover, failback, t);
        } catch (Aborted a) {
            outcome = Outcome.ABORTED;
            detail = "aborted: " + a.getMessage() + "; " + link + " released";
        } finally {
            runUndo();
            end();
        }
        return finish(DrillKind.LINK, started, t, outcome, detail, failover, failback, episode[0]);
    }

    private DrillResult uplinkDrill(String id, Instant started, Targets t) throws InterruptedException {
        UplinkControl control = host.uplinkControl();
        UplinkStatus status = host.uplinkStatus();
        if (control == null || status == null) {
            return refused(DrillKind.UPLINK, started, t, "no uplink control");
        }
        if (status.snapshot().activeTransport() != TransportKind.MQTT) {
            return refused(DrillKind.UPLINK, started, t, "the uplink is not on MQTT but on "
                    + status.snapshot().activeTransport());
        }
        if (control.isSuspended(TransportKind.MQTT)) {
            return refused(DrillKind.UPLINK, started, t, "MQTT is already suspended");
        }
        Episode[] episode = { new Episode(id, Dimension.UPLINK, "drill uplink MQTT", started, null, List.of(), null, "open") };
        long failover = -1;
        long failback = -1;
        Outcome outcome = Outcome.PASSED;
        String detail;
        begin(DrillKind.UPLINK);
        try {
            events.clear();
            Instant suspended = clock.instant();
            undo.set(() -> resume(control));
            control.suspend(TransportKind.MQTT, "failover drill " + id);
            action(episode, suspended, "suspended MQTT");
            Observed sw = await(e -> e.topic().equals(UplinkEvents.TRANSPORT_SWITCHED)
                    && TransportKind.MQTT.name().equals(e.props().get(UplinkEvents.FROM)), t.failover(), "uplink", "MQTT");
            if (sw == null || !TransportKind.HTTP.name().equals(sw.props().get(UplinkEvents.TO))) {
                outcome = Outcome.FAILED;
                detail = sw == null ? "HTTP did not take over within " + t.failover().toSeconds() + " s"
                        : "the uplink switched to " + sw.props().get(UplinkEvents.TO) + ", not HTTP";
            } else {
                failover = millis(suspended, sw.at());
                action(episode, sw.at(), "switched to HTTP after " + failover + " ms");
                episode[0] = declared(episode[0], sw.at());
                detail = "failover " + failover + " ms";
            }
            Instant resumed = clock.instant();
            runUndo();
            action(episode, resumed, "resumed MQTT");
            if (outcome == Outcome.PASSED) {
                Observed back = await(e -> e.topic().equals(UplinkEvents.TRANSPORT_SWITCHED)
                        && TransportKind.MQTT.name().equals(e.props().get(UplinkEvents.TO)), t.failback(), "uplink", "MQTT");
                if (back == null) {
                    outcome = Outcome.FAILED;
                    detail += "; MQTT did not take over again within " + t.failback().toSeconds() + " s";
                } else {
                    failback = millis(resumed, back.at());
                    action(episode, back.at(), "back on MQTT after " + failback + " ms");
                    detail += ", fail-back " + failback + " ms";
                }
            }
            outcome = judge(outcome, failover, failback, t);
            detail = verdict(outcome, detail, failover, failback, t);
        } catch (Aborted a) {
            outcome = Outcome.ABORTED;
            detail = "aborted: " + a.getMessage() + "; MQTT resumed";
        } finally {
            runUndo();
            end();
        }
        return finish(DrillKind.UPLINK, started, t, outcome, detail, failover, failback, episode[0]);
    }

    private static Outcome judge(Outcome o, long failover, long failback, Targets t) {
        if (o != Outcome.PASSED) {
            return o;
        }
        return failover <= t.failover().toMillis() && failback >= 0 && failback <= t.failback().toMillis()
                ? Outcome.PASSED : Outcome.FAILED;
    }

    private static String verdict(Outcome o, String detail, long failover, long failback, Targets t) {
        String targets = " (targets " + t.failover().toMillis() + " / " + t.failback().toMillis() + " ms)";
        return (o == Outcome.PASSED ? "passed: " : "failed: ") + detail + targets;
    }

    /** Waits for a matching event; null on timeout; throws Aborted when the situation degrades meanwhile. */
    private Observed await(Predicate<Observed> wanted, Duration timeout, String area, String name)
            throws InterruptedException, Aborted {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String abort = host.abortReason();
            if (abort != null) {
                throw new Aborted(abort);
            }
            if (closed) {
                throw new Aborted("the failover coordinator is stopping");
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            // Short polls so that a degradation is noticed within 50 ms even when no event of ours comes.
            Observed e = events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            if (e == null) {
                continue;
            }
            if (e.topic().equals(NetworkEvents.ALL_DOWN)) {
                throw new Aborted("every link is down");
            }
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    private void begin(DrillKind kind) {
        drillThread = Thread.currentThread();
        host.drilling(kind);
        LOG.info("Failover drill {} started", kind);
    }

    private void end() {
        host.drilling(null);
        drillThread = null;
        events.clear();
    }

    private void runUndo() {
        Runnable r = undo.getAndSet(null);
        if (r != null) {
            r.run();
        }
    }

    private static void release(LinkManager lm, String link) {
        try {
            lm.release(link);
        } catch (RuntimeException e) {
            LOG.error("Drill could not release link {}: {}; release it by hand (network link manager)", link, e.toString());
        }
    }

    private static void resume(UplinkControl control) {
        try {
            control.resume(TransportKind.MQTT);
        } catch (RuntimeException e) {
            LOG.error("Drill could not resume MQTT: {}; resume it by hand (uplink control)", e.toString());
        }
    }

    private DrillResult refused(DrillKind kind, Instant started, Targets t, String why) {
        LOG.info("Failover drill {} refused: {}", kind, why);
        DrillResult r = new DrillResult(kind, Outcome.REFUSED, why, started, -1, -1, t.failover().toMillis(),
                t.failback().toMillis());
        host.finished(r, null);
        return r;
    }

    private DrillResult finish(DrillKind kind, Instant started, Targets t, Outcome outcome, String detail, long failover,
            long failback, Episode e) {
        DrillResult r = new DrillResult(kind, outcome, detail, started, failover, failback, t.failover().toMillis(),
                t.failback().toMillis());
        Episode done = new Episode(e.id(), e.dimension(), e.what(), e.firstSeen(), e.declared(), e.actions(),
                clock.instant(), "drill " + detail);
        LOG.info("Failover drill {} {}", kind, detail);
        host.finished(r, done);
        return r;
    }

    private static void action(Episode[] e, Instant at, String what) {
        List<EpisodeAction> a = new ArrayList<>(e[0].actions());
        a.add(new EpisodeAction(at, what));
        e[0] = new Episode(e[0].id(), e[0].dimension(), e[0].what(), e[0].firstSeen(), e[0].declared(), a, null, "open");
    }

    private static Episode declared(Episode e, Instant at) {
        return new Episode(e.id(), e.dimension(), e.what(), e.firstSeen(), at, e.actions(), null, e.outcome());
    }

    private static Instant eventTime(Observed e, String key) {
        return e.props().get(key) instanceof Number n && n.longValue() > 0 ? Instant.ofEpochMilli(n.longValue()) : e.at();
    }

    private static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    /** Stops a running drill and undoes what it forced, now, on the caller's thread. */
    @Override
    public void close() {
        closed = true;
        runUndo();
        Thread t = drillThread;
        if (t != null) {
            t.interrupt();
        }
    }
}
