package org.cabinetgw.failover.itest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.LinkType;
import org.cabinetgw.network.NetworkEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * A link manager with a wired and a cellular link that behaves like the network bundle's with its simulated
 * backend: a forced-down link is declared down after the detection time and traffic moves; a released one
 * gets traffic back after the fail-back hold time. It posts the real events with the real timings.
 */
final class SimulatedLinks implements LinkManager, AutoCloseable {

    private final EventAdmin events;
    private final long detectMillis;
    private final long holdMillis;
    private final Map<String, LinkType> types = new LinkedHashMap<>();
    private final Map<String, LinkState> states = new ConcurrentHashMap<>();
    private final Set<String> forced = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "itest-simulated-links");
        t.setDaemon(true);
        return t;
    });
    private volatile String active = "wired";

    SimulatedLinks(EventAdmin events, long detectMillis, long holdMillis) {
        this.events = events;
        this.detectMillis = detectMillis;
        this.holdMillis = holdMillis;
        types.put("wired", LinkType.WIRED);
        types.put("cellular", LinkType.CELLULAR);
        types.keySet().forEach(n -> states.put(n, LinkState.UP));
    }

    @Override
    public Optional<LinkStatus> activeLink() {
        String a = active;
        return a == null ? Optional.empty() : Optional.of(status(a));
    }

    @Override
    public boolean isActiveLinkMetered() {
        return "cellular".equals(active);
    }

    @Override
    public List<LinkStatus> links() {
        List<LinkStatus> out = new ArrayList<>();
        types.keySet().forEach(n -> out.add(status(n)));
        return out;
    }

    private LinkStatus status(String name) {
        int priority = new ArrayList<>(types.keySet()).indexOf(name) + 1;
        return new LinkStatus(name, types.get(name), name + "0", priority, name.equals("cellular"), states.get(name),
                forced.contains(name) ? "forced down" : "", Instant.now(), 0, 20);
    }

    @Override
    public void forceDown(String link, String reason) {
        check(link);
        if (!forced.add(link)) {
            return;
        }
        long firstSeen = System.currentTimeMillis();
        change(link, LinkState.HELD_DOWN, reason);
        timer.schedule(() -> {
            long declared = System.currentTimeMillis();
            if (link.equals(active)) {
                String next = types.keySet().stream().filter(n -> states.get(n).usable()).findFirst().orElse(null);
                switchTo(next, "FAILOVER", firstSeen, declared);
            }
        }, detectMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void release(String link) {
        check(link);
        if (!forced.remove(link)) {
            return;
        }
        change(link, LinkState.UP, "");
        timer.schedule(() -> {
            String preferred = types.keySet().stream().filter(n -> states.get(n).usable()).findFirst().orElse(null);
            if (preferred != null && !preferred.equals(active)) {
                switchTo(preferred, "FAILBACK", 0, 0);
            }
        }, holdMillis, TimeUnit.MILLISECONDS);
    }

    boolean anyForced() {
        return !forced.isEmpty();
    }

    private void check(String link) {
        if (!types.containsKey(link)) {
            throw new IllegalArgumentException("no link named " + link);
        }
    }

    private void change(String link, LinkState state, String reason) {
        LinkState previous = states.put(link, state);
        Map<String, Object> p = new HashMap<>();
        p.put(NetworkEvents.LINK, link);
        p.put(NetworkEvents.TYPE, types.get(link).name());
        p.put(NetworkEvents.STATE, state.name());
        p.put(NetworkEvents.PREVIOUS_STATE, previous.name());
        p.put(NetworkEvents.REASON, reason);
        events.postEvent(new Event(NetworkEvents.LINK_CHANGED, p));
    }

    private void switchTo(String next, String cause, long firstSeen, long declared) {
        String previous = active;
        active = next;
        long switched = System.currentTimeMillis();
        Map<String, Object> p = new HashMap<>();
        if (next != null) {
            p.put(NetworkEvents.LINK, next);
            p.put(NetworkEvents.TYPE, types.get(next).name());
            p.put(NetworkEvents.METERED, next.equals("cellular"));
        }
        if (previous != null) {
            p.put(NetworkEvents.PREVIOUS_LINK, previous);
        }
        p.put(NetworkEvents.CAUSE, cause);
        p.put(NetworkEvents.APPLIED, false);
        p.put(NetworkEvents.BACKEND, "simulated");
        p.put(NetworkEvents.ROUTE_SWITCHED, switched);
        if (firstSeen > 0) {
            p.put(NetworkEvents.FAULT_FIRST_SEEN, firstSeen);
            p.put(NetworkEvents.DECLARED_DOWN, declared);
            p.put(NetworkEvents.FAULT_TO_SWITCH_MILLIS, switched - firstSeen);
        }
        events.postEvent(new Event(next == null ? NetworkEvents.ALL_DOWN : NetworkEvents.SWITCHED, p));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
