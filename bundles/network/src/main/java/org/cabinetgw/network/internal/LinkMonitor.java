package org.cabinetgw.network.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one link in rounds and keeps its {@link LinkHealth}. A round probes every target at once, bound to the
 * link's source address; the round is good when any target answers within the timeout. The next round starts
 * one interval after the previous one started (at once when a round took longer).
 *
 * <p>Owns two thread pools named {@code cabinetgw-network-probe-<link>}, stopped by {@link #close()}.
 */
final class LinkMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);

    /** A consistent view of the link for the manager. {@code route} is null while the interface is unusable. */
    record Snapshot(LinkStatus status, long usableSince, long faultFirstSeen, long declaredDown, LinkRoute route,
            boolean settled) {
    }

    private final LinkSettings settings;
    private final LongSupplier clock;
    private final InterfaceInspector inspector;
    private final Prober prober;
    private final LinkHealth health;
    private volatile Consumer<LinkMonitor> listener = m -> {
    };
    private volatile boolean slowProbing;
    /**
     * Set by the link manager: probe only once it has tried to install the routing for the current source
     * address. Probes sent before the link's table and rule exist would fail and give a false verdict.
     */
    private volatile boolean gated;
    private volatile InetAddress preparedSource;
    private volatile boolean closed;

    private ScheduledExecutorService scheduler;
    /** Runs the targets of a round in parallel; its threads are created on first use. */
    private final ExecutorService probes;
    /** The source address found in the last round; guarded by this. */
    private InetAddress source;
    private long rounds;
    /** When the last probe round (not a mere interface check) started; only the probe thread touches it. */
    private long lastProbeRound = Long.MIN_VALUE / 2;
    /**
     * A slowed-down round failed: probe at the normal interval until the verdict (up again, or down after
     * down.after.rounds), so a dead standby link is declared down one metered interval after it died at most,
     * not several. Only the probe thread touches it.
     */
    private boolean confirming;
    /** A metered link's measured traffic per month; guarded by this. */
    private final MeteredCost cost = new MeteredCost();
    private long lastCostSample = Long.MIN_VALUE / 2;

    LinkMonitor(LinkSettings settings, LongSupplier clock, InterfaceInspector inspector) {
        this.settings = settings;
        this.clock = clock;
        this.inspector = inspector;
        this.prober = new Prober(settings.expectedHttpStatus());
        this.health = new LinkHealth(settings.policy(), clock.getAsLong());
        AtomicInteger n = new AtomicInteger();
        this.probes = Executors.newFixedThreadPool(settings.targets().size(),
                r -> daemon(r, "cabinetgw-network-probe-" + settings.name() + "-" + n.incrementAndGet()));
    }

    LinkSettings settings() {
        return settings;
    }

    String name() {
        return settings.name();
    }

    /** Told after every round (on the probe thread): must be quick. */
    void setListener(Consumer<LinkMonitor> listener) {
        this.listener = listener == null ? m -> {
        } : listener;
    }

    /** Metered links probe at the slower metered interval while their speed of detection buys nothing. */
    /**
     * The link's health entry as the manager last decided it (with "covered by" the active link), or null while
     * no manager has evaluated it: the registered {@code link.<name>} contributor reports this, so /health
     * sees the entry the manager computed with its switch, never the raw DOWN in between.
     */
    private volatile org.cabinetgw.health.Health managedHealth;

    void setManagedHealth(org.cabinetgw.health.Health health) {
        managedHealth = health;
    }

    org.cabinetgw.health.Health managedHealth() {
        return managedHealth;
    }

    void setSlowProbing(boolean slow) {
        this.slowProbing = slow;
    }

    /** The manager prepares this link's routing before it is probed (see {@link #routePrepared}). */
    void requirePreparedRoute() {
        gated = true;
    }

    /** The manager has tried to install the routing for this source address (successfully or not). */
    void routePrepared(InetAddress source) {
        preparedSource = source;
    }

    boolean slowProbing() {
        return slowProbing;
    }

    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = NamedThreads.singleScheduler("cabinetgw-network-probe-" + settings.name());
        scheduler.execute(this::roundAndReschedule);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void roundAndReschedule() {
        long started = System.nanoTime();
        try {
            long now = clock.getAsLong();
            sampleCost(now);
            if (!slowProbing || confirming || now - lastProbeRound >= settings.meteredIntervalMillis()) {
                lastProbeRound = now;
                runRound();
            } else {
                checkInterface();
            }
        } catch (RuntimeException e) {
            // never let one bad round end the probing of a link
            LOG.warn("Link {}: probe round failed unexpectedly: {}", settings.name(), e.toString());
        }
        if (closed) {
            return;
        }
        // Ticks come at the probe interval even while probes are slowed down: looking at the interface costs
        // no traffic, so a metered link that loses its carrier is still seen at once.
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        try {
            scheduler.schedule(this::roundAndReschedule, Math.max(0, settings.intervalMillis() - elapsed),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** A metered link's byte counters, once a minute (two sysfs reads; no traffic). */
    private void sampleCost(long now) {
        if (!settings.metered() || now - lastCostSample < MeteredCost.SAMPLE_MILLIS) {
            return;
        }
        lastCostSample = now;
        long bytes = inspector.bytes(settings.interfaceName());
        synchronized (this) {
            cost.record(now, bytes);
        }
    }

    /** Between slowed-down probe rounds: only the interface is looked at; a change is reported at once. */
    void checkInterface() {
        InterfaceInspector.Finding finding = inspector.inspect(settings.interfaceName(), settings.sourceAddress());
        if (!finding.usable()) {
            interfaceUnusable(finding);
        }
    }

    private void interfaceUnusable(InterfaceInspector.Finding finding) {
        boolean changed;
        preparedSource = null; // its routes are gone with the interface: wait for the manager to reinstall them
        synchronized (this) {
            source = null;
            changed = health.interfaceUnusable(clock.getAsLong(), finding.problem());
            rounds++;
        }
        if (changed) {
            LOG.info("Link {} is {}: {}", settings.name(), health.state(), finding.problem());
        }
        listener.accept(this);
    }

    void runRound() {
        long startedAt = clock.getAsLong();
        InterfaceInspector.Finding finding = inspector.inspect(settings.interfaceName(), settings.sourceAddress());
        if (!finding.usable()) {
            interfaceUnusable(finding);
            return;
        }
        InetAddress src = finding.source();
        if (gated && !src.equals(preparedSource)) {
            synchronized (this) {
                source = src; // the manager learns the address from the snapshot and prepares the routing
            }
            listener.accept(this);
            return;
        }
        if (slowProbing) {
            slowRound(startedAt, src);
            return;
        }
        List<Future<ProbeResult>> futures = new ArrayList<>();
        for (ProbeTarget target : settings.targets()) {
            futures.add(probes.submit(() -> prober.probe(target, src, settings.timeoutMillis())));
        }
        boolean ok = false;
        long best = Long.MAX_VALUE;
        List<String> failures = new ArrayList<>();
        // Every probe enforces its own timeout; the extra grace only guards against a stuck resolver.
        long deadline = System.nanoTime() + (settings.timeoutMillis() + 1000L) * 1_000_000L;
        for (Future<ProbeResult> f : futures) {
            ProbeResult r;
            try {
                r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                failures.add("a probe did not finish in time");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(String.valueOf(e.getCause()));
                continue;
            }
            if (r.ok()) {
                ok = true;
                best = Math.min(best, r.latencyMillis());
            } else {
                failures.add(r.target() + ": " + r.error());
            }
        }
        record(startedAt, src, ok, ok ? best : -1, failures);
    }

    /**
     * A round of a metered link in standby: targets one after the other, stopping at the first that answers,
     * so a healthy link costs one probe per round. Still down only when every target failed.
     */
    private void slowRound(long startedAt, InetAddress src) {
        List<String> failures = new ArrayList<>();
        ProbeResult answered = null;
        for (ProbeTarget target : settings.targets()) {
            ProbeResult r = prober.probe(target, src, settings.timeoutMillis());
            if (r.ok()) {
                answered = r;
                break;
            }
            failures.add(r.target() + ": " + r.error());
        }
        confirming = answered == null;
        record(startedAt, src, answered != null, answered == null ? -1 : answered.latencyMillis(), failures);
    }

    private void record(long startedAt, InetAddress src, boolean ok, long latency, List<String> failures) {
        String reason = ok ? "" : "no probe target answered (" + String.join("; ", failures) + ")";
        boolean changed;
        synchronized (this) {
            source = src;
            changed = health.round(startedAt, clock.getAsLong(), ok, latency, reason);
            rounds++;
        }
        if (changed) {
            LOG.info("Link {} is {}{}", settings.name(), health.state(),
                    health.reason().isEmpty() ? "" : ": " + health.reason());
        }
        listener.accept(this);
    }

    synchronized Snapshot snapshot() {
        long now = clock.getAsLong();
        health.tick(now);
        String costText = settings.metered() ? cost.describe(settings.interfaceName()) : "";
        String reason = health.reason().isEmpty() ? costText
                : costText.isEmpty() ? health.reason() : health.reason() + "; " + costText;
        LinkStatus status = new LinkStatus(settings.name(), settings.type(), settings.interfaceName(),
                settings.priority(), settings.metered(), health.state(), reason,
                Instant.ofEpochMilli(health.since()), health.lossPercent(), health.meanLatencyMillis());
        LinkRoute route = source == null ? null
                : new LinkRoute(settings.name(), settings.interfaceName(), settings.gateway(), source,
                        settings.table(), settings.rulePriority());
        return new Snapshot(status, health.usableSince(), health.faultFirstSeen(), health.declaredDown(), route,
                health.settled());
    }

    void forceDown(String reason) {
        synchronized (this) {
            health.forceDown(clock.getAsLong(), reason);
        }
        listener.accept(this);
    }

    void release() {
        synchronized (this) {
            health.release(clock.getAsLong());
        }
        listener.accept(this);
    }

    synchronized long rounds() {
        return rounds;
    }

    synchronized LinkState state() {
        return health.state();
    }

    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        probes.shutdownNow();
        if (s != null) {
            s.shutdownNow();
        }
        {
            try {
                if (s != null) {
                    s.awaitTermination(2, TimeUnit.SECONDS);
                }
                probes.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
