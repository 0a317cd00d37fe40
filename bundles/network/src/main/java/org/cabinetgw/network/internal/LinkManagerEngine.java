package org.cabinetgw.network.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.network.NetworkEvents.SwitchCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link manager without OSGi: keeps the best usable link as the default route, posts events, keeps health.
 * Every decision runs on one thread ({@code cabinetgw-network-manager}); links report after each probe round
 * and a report only schedules an evaluation, so a slow {@code ip} call never delays probing.
 */
final class LinkManagerEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkManagerEngine.class);
    /** A failed routing change is retried, but not more often than this. */
    private static final long ROUTING_RETRY_MILLIS = RoutePreparation.RETRY_MILLIS;
    /** An orderly stop waits this long at most for the rules and tables to be removed. */
    static final long TEARDOWN_MILLIS = 15_000;
    /** Health component name of the manager; links are {@code link.<name>}. */
    static final String MANAGER_COMPONENT = "network.manager";

    private final RoutingBackend backend;
    private final LinkSelector selector;
    private final EventSink events;
    private final LongSupplier clock;
    private final ExecutorService executor;
    private final AtomicBoolean evaluationPending = new AtomicBoolean();
    private final Map<String, LinkMonitor> links = new ConcurrentHashMap<>();

    // Owned by the manager thread; published through volatile fields for readers.
    private final Map<String, LinkState> lastStates = new HashMap<>();
    private final RoutePreparation routes;
    private final Map<String, Health> linkHealth = new ConcurrentHashMap<>();
    private final java.util.Set<String> healthAnnounced = new java.util.HashSet<>();
    private volatile String active;
    private volatile boolean activeMetered;
    private final ManagerHealth managerHealth;
    /** Why the last switch failed; cleared by a successful switch. */
    private String routingError;
    private long lastRoutingAttempt = Long.MIN_VALUE;
    private boolean allDownPosted;
    /** Set by an orderly stop: from then on links only go away, nothing is decided, switched or alarmed. */
    private volatile boolean stopping;

    LinkManagerEngine(RoutingBackend backend, long failbackHoldMillis, EventSink events, LongSupplier clock) {
        this.backend = backend;
        this.selector = new LinkSelector(failbackHoldMillis);
        this.events = events;
        this.clock = clock;
        this.managerHealth = new ManagerHealth(events, Instant.ofEpochMilli(clock.getAsLong()));
        this.routes = new RoutePreparation(backend, events, clock);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cabinetgw-network-manager");
            t.setDaemon(true);
            return t;
        });
    }

    String backendName() {
        return backend.name();
    }

    void addLink(LinkMonitor monitor) {
        monitor.requirePreparedRoute();
        links.put(monitor.name(), monitor);
        monitor.setListener(m -> requestEvaluation());
        requestEvaluation();
    }

    void removeLink(LinkMonitor monitor) {
        if (links.remove(monitor.name(), monitor)) {
            monitor.setListener(null);
            monitor.setManagedHealth(null);
            submit(() -> {
                lastStates.remove(monitor.name());
                linkHealth.remove(monitor.name());
                healthAnnounced.remove(monitor.name());
                routes.remove(monitor.name());
                evaluate();
            });
        }
    }

    private void requestEvaluation() {
        if (evaluationPending.compareAndSet(false, true)) {
            submit(() -> {
                evaluationPending.set(false);
                evaluate();
            });
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Link manager evaluation failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** One decision: runs on the manager thread only. */
    private void evaluate() {
        if (stopping) {
            // links leaving one by one during a stop are not failures: no switch to the next, no all_down alarm
            return;
        }
        long now = clock.getAsLong();
        Map<String, LinkMonitor.Snapshot> snaps = new LinkedHashMap<>();
        for (LinkMonitor m : links.values()) {
            snaps.put(m.name(), m.snapshot());
        }
        for (LinkMonitor m : links.values()) {
            LinkMonitor.Snapshot s = snaps.get(m.name());
            if (s != null) {
                noteLinkState(s, now);
                if (routes.prepareIfNeeded(m.name(), s.route(), s.status().state())) {
                    m.routePrepared(s.route().source());
                }
            }
        }
        List<LinkSelector.Candidate> candidates = new ArrayList<>();
        for (LinkMonitor m : links.values()) {
            LinkMonitor.Snapshot s = snaps.get(m.name());
            if (s == null) {
                continue;
            }
            LinkState state = s.status().state();
            // a usable link we cannot route over (no address yet, its rule failed) is not a candidate
            if (state.usable() && (s.route() == null || routes.failed(s.status().name()))) {
                state = LinkState.DOWN;
            }
            candidates.add(new LinkSelector.Candidate(s.status().name(), s.status().priority(), state,
                    state.usable() ? s.usableSince() : -1, s.settled()));
        }
        LinkSelector.Decision decision = selector.choose(candidates, active, now);
        if (decision.cause().isPresent()) {
            applyDecision(decision, snaps, now);
        }
        updateLinkHealth(snaps);
        adjustProbeIntervals(snaps);
        updateManagerHealth(snaps, now);
    }

    private void noteLinkState(LinkMonitor.Snapshot s, long now) {
        LinkStatus status = s.status();
        if (!s.settled() && !lastStates.containsKey(status.name())) {
            // A new link's first event waits for the probes' verdict: "not probed yet" tells nobody anything,
            // and the verdict's reason (interface missing, target unresolvable) is what an integrator needs.
            return;
        }
        LinkState previous = lastStates.put(status.name(), status.state());
        if (previous == status.state()) {
            return;
        }
        LOG.info("Link {} {} -> {}{}", status.name(), previous == null ? "(new)" : previous, status.state(),
                status.reason().isEmpty() ? "" : ": " + status.reason());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(NetworkEvents.LINK, status.name());
        p.put(NetworkEvents.TYPE, status.type().name());
        p.put(NetworkEvents.STATE, status.state().name());
        if (previous != null) {
            p.put(NetworkEvents.PREVIOUS_STATE, previous.name());
        }
        p.put(NetworkEvents.REASON, status.reason());
        p.put(NetworkEvents.METERED, status.metered());
        p.put(NetworkEvents.LOSS_PERCENT, status.lossPercent());
        p.put(NetworkEvents.LATENCY_MILLIS, status.latencyMillis());
        p.put(HealthEvents.SINCE, status.since().toEpochMilli());
        events.post(NetworkEvents.LINK_CHANGED, p);
    }

    /**
     * Each link's health entry, after the decision so that it sees the link now carrying traffic. A link that
     * cannot carry traffic is DOWN — unless another link is active: then its loss is covered by redundancy and
     * the entry is DEGRADED, "down: <why>; covered by <active>" (the core README's health rule: 503 only when
     * the gateway cannot do its job). The link's own state ({@link LinkStatus#state()}) stays DOWN.
     */
    private void updateLinkHealth(Map<String, LinkMonitor.Snapshot> snaps) {
        LinkMonitor.Snapshot activeSnap = active == null ? null : snaps.get(active);
        Optional<LinkStatus> activeStatus = Optional.ofNullable(activeSnap).map(LinkMonitor.Snapshot::status);
        for (LinkMonitor.Snapshot s : snaps.values()) {
            LinkStatus status = s.status();
            String name = status.name();
            HealthState hs = !lastStates.containsKey(name) ? HealthState.DOWN : switch (status.state()) {
                case UP -> HealthState.UP;
                case DEGRADED -> HealthState.DEGRADED;
                case HELD_DOWN, DOWN -> HealthState.DOWN;
            };
            String reason = status.reason();
            Optional<String> carrier = hs == HealthState.DOWN ? LinkCoverage.coveringLink(name, activeStatus)
                    : Optional.empty();
            if (carrier.isPresent()) {
                hs = HealthState.DEGRADED;
                reason = LinkCoverage.coveredReason("down" + (reason.isEmpty() ? "" : ": " + reason), carrier.get());
            }
            Health old = linkHealth.get(name);
            Health next = old == null ? new Health(hs, reason, status.since()) : old.next(hs, reason, status.since());
            linkHealth.put(name, next);
            LinkMonitor monitor = links.get(name);
            if (monitor != null) {
                monitor.setManagedHealth(next);
            }
            if (lastStates.containsKey(name)) {
                // the first settled verdict is always announced; later ones when the state changes
                ManagerHealth.post(events, "link." + name, healthAnnounced.add(name) ? null : old, next);
            }
        }
    }

    private void applyDecision(LinkSelector.Decision decision, Map<String, LinkMonitor.Snapshot> snaps, long now) {
        SwitchCause cause = decision.cause().orElseThrow();
        String previous = active;
        LinkMonitor.Snapshot failed = previous == null ? null : snaps.get(previous);
        if (decision.active().isEmpty()) {
            active = null;
            activeMetered = false;
            if (!allDownPosted) {
                allDownPosted = true;
                LOG.warn("All links are down; the gateway has no uplink. Probing goes on.");
                Map<String, Object> p = new LinkedHashMap<>();
                if (previous != null) {
                    p.put(NetworkEvents.PREVIOUS_LINK, previous);
                }
                addFaultTimings(p, failed);
                events.post(NetworkEvents.ALL_DOWN, p);
            }
            return;
        }
        String target = decision.active().get();
        LinkMonitor.Snapshot next = snaps.get(target);
        if (routingError != null && now - lastRoutingAttempt < ROUTING_RETRY_MILLIS) {
            return;
        }
        lastRoutingAttempt = now;
        try {
            backend.makeDefault(next.route());
        } catch (RoutingException e) {
            routingFailed("switching the default route to " + target, e);
            return;
        }
        long switched = clock.getAsLong();
        routingError = null;
        allDownPosted = false;
        active = target;
        activeMetered = next.status().metered();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(NetworkEvents.LINK, target);
        p.put(NetworkEvents.TYPE, next.status().type().name());
        if (previous != null) {
            p.put(NetworkEvents.PREVIOUS_LINK, previous);
        }
        p.put(NetworkEvents.CAUSE, cause.name());
        p.put(NetworkEvents.METERED, next.status().metered());
        p.put(NetworkEvents.APPLIED, backend.applies());
        p.put(NetworkEvents.BACKEND, backend.name());
        if (cause == SwitchCause.FAILOVER) {
            addFaultTimings(p, failed);
        }
        p.put(NetworkEvents.ROUTE_SWITCHED, switched);
        if (p.get(NetworkEvents.FAULT_FIRST_SEEN) instanceof Long first) {
            p.put(NetworkEvents.FAULT_TO_SWITCH_MILLIS, switched - first);
        }
        LOG.info("{} default route {} -> {} ({}){}", backend.applies() ? "Switched" : "Recommend switching the",
                previous == null ? "(none)" : previous, target, cause,
                p.containsKey(NetworkEvents.FAULT_TO_SWITCH_MILLIS)
                        ? ", " + p.get(NetworkEvents.FAULT_TO_SWITCH_MILLIS) + " ms after the fault was first seen" : "");
        events.post(NetworkEvents.SWITCHED, p);
    }

    private static void addFaultTimings(Map<String, Object> p, LinkMonitor.Snapshot failed) {
        if (failed != null && failed.faultFirstSeen() >= 0) {
            p.put(NetworkEvents.FAULT_FIRST_SEEN, failed.faultFirstSeen());
            p.put(NetworkEvents.DECLARED_DOWN, failed.declaredDown());
            p.put(NetworkEvents.REASON, failed.status().reason());
        }
    }

    private void routingFailed(String what, RoutingException e) {
        boolean isNew = !e.getMessage().equals(routingError);
        routingError = e.getMessage();
        if (isNew) {
            LOG.warn("Routing failed while {}: {}", what, e.getMessage());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(NetworkEvents.REASON, what + ": " + e.getMessage());
            p.put(NetworkEvents.BACKEND, backend.name());
            events.post(NetworkEvents.ROUTING_FAILED, p);
        }
    }

    /**
     * A metered link in standby, or the only usable one, probes at its slow interval: fast detection would
     * buy nothing there. It probes fast while it is down (to see recovery soon) and while it carries traffic
     * with another link usable to fail over to.
     */
    private void adjustProbeIntervals(Map<String, LinkMonitor.Snapshot> snaps) {
        long usable = snaps.values().stream().filter(s -> s.status().state().usable()).count();
        for (LinkMonitor m : links.values()) {
            LinkMonitor.Snapshot s = snaps.get(m.name());
            if (s == null) {
                continue;
            }
            boolean slow = m.settings().metered() && s.status().state().usable()
                    && !(m.name().equals(active) && usable > 1);
            m.setSlowProbing(slow);
        }
    }

    private void updateManagerHealth(Map<String, LinkMonitor.Snapshot> snaps, long now) {
        int usable = (int) snaps.values().stream().filter(s -> s.status().state().usable()).count();
        managerHealth.update(snaps.size(), usable, routingError, routes.anyError(), active, Instant.ofEpochMilli(now));
    }

    Optional<LinkStatus> activeLink() {
        String a = active;
        LinkMonitor m = a == null ? null : links.get(a);
        return m == null ? Optional.empty() : Optional.of(m.snapshot().status());
    }

    boolean isActiveLinkMetered() {
        return active != null && activeMetered;
    }

    String activeName() {
        return active;
    }

    List<LinkStatus> links() {
        return links.values().stream().map(m -> m.snapshot().status())
                .sorted(Comparator.comparingInt(LinkStatus::priority).thenComparing(LinkStatus::name)).toList();
    }

    Health managerHealth() {
        return managerHealth.current();
    }

    /** The link's health as last evaluated; DOWN "not probed yet" before its first evaluation. */
    Health linkHealth(String name) {
        Health h = linkHealth.get(name);
        return h != null ? h : Health.down("not probed yet", Instant.ofEpochMilli(clock.getAsLong()));
    }

    void forceDown(String name, String reason) {
        monitor(name).forceDown(reason);
    }

    void release(String name) {
        monitor(name).release();
    }

    private LinkMonitor monitor(String name) {
        LinkMonitor m = name == null ? null : links.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no link named '" + name + "'; links: " + links.keySet());
        }
        return m;
    }

    /** Waits until every evaluation requested so far has run (tests and the benchmark use it). */
    void awaitIdle() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        submit(done::countDown);
        done.await(5, TimeUnit.SECONDS);
    }

    /**
     * Marks an orderly stop: links removed from now on are not failures (no switch, no {@code all_down}),
     * only their rules and tables are removed. Idempotent; {@link #close()} calls it too.
     */
    void stop() {
        if (!stopping) {
            stopping = true;
            LOG.info("Link manager stopping: links going away now are not an outage");
        }
    }

    /**
     * Stops and removes every rule and table the manager installed. The removal runs to completion on the
     * manager thread, after the tasks already queued; it is never interrupted (an interrupt would leave an
     * {@code ip rule} half done), but it is bounded: after {@link #TEARDOWN_MILLIS} the thread is abandoned
     * with a warning naming what may be left. The main table's default route is left as it is: it is the
     * host's route, and removing it would cut the gateway off until something else installs one.
     */
    @Override
    public void close() {
        stop();
        // links that outlive the manager (its configuration deleted) report their own state again
        links.values().forEach(m -> m.setManagedHealth(null));
        submit(routes::removeAll);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(TEARDOWN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Link manager stop: removing the links' rules and tables took over {} ms; some may be left"
                        + " (they are replaced at the next start)", TEARDOWN_MILLIS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
