package org.cabinetgw.network.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.NetworkEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each link's own routing table and rule: installs them when a link's route is new or changed, retries a failed
 * installation, re-asserts the table of a link that is down, and removes them when the link goes away or the
 * manager stops. Not thread-safe: the link manager calls it from its one thread only.
 */
final class RoutePreparation {

    private static final Logger LOG = LoggerFactory.getLogger(RoutePreparation.class);
    /** A failed preparation is retried, but not more often than this. */
    static final long RETRY_MILLIS = 1000;
    /** How often the table of a link that is down with its interface up is installed again. */
    static final long REASSERT_DOWN_MILLIS = 5000;

    private final RoutingBackend backend;
    private final EventSink events;
    private final LongSupplier clock;
    private final Map<String, LinkRoute> preparedRoutes = new HashMap<>();
    /**
     * The last route installed per link, kept while its interface is down too (the kernel drops the table's
     * route then, but not our rule): what removing the link, or stopping, must take away.
     */
    private final Map<String, LinkRoute> installedRoutes = new HashMap<>();
    /** Why preparing a link failed (it is not a candidate until it succeeds), and when it was last tried. */
    private final Map<String, String> prepareErrors = new HashMap<>();
    private final Map<String, Long> prepareTriedAt = new HashMap<>();

    RoutePreparation(RoutingBackend backend, EventSink events, LongSupplier clock) {
        this.backend = backend;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Prepares the link's route when it is due.
     *
     * @param route the link's route now, or null when its interface is missing or down
     * @return true when a preparation was attempted (whether or not it succeeded)
     */
    boolean prepareIfNeeded(String name, LinkRoute route, LinkState state) {
        if (route == null) {
            // the interface is missing or down: the kernel drops its routes, so prepare again when it is back
            preparedRoutes.remove(name);
            return false;
        }
        LinkRoute prepared = preparedRoutes.get(name);
        long now = clock.getAsLong();
        Long tried = prepareTriedAt.get(name);
        long since = tried == null ? Long.MAX_VALUE : now - tried;
        // Prepare a new or changed route (new link, address changed, interface back) at once; retry a failed
        // preparation once a second; and re-assert the table of a link that answers no probe every few
        // seconds, in case something else removed it.
        boolean changed = !Objects.equals(route, prepared);
        boolean recently = since < RETRY_MILLIS;
        boolean retry = (prepareErrors.containsKey(name) && !recently)
                || (state == LinkState.DOWN && since >= REASSERT_DOWN_MILLIS);
        if (!changed && !retry) {
            return false;
        }
        if (changed && prepareErrors.containsKey(name) && recently) {
            return false;
        }
        prepareTriedAt.put(name, now);
        installedRoutes.put(name, route);
        try {
            backend.prepare(route);
            preparedRoutes.put(name, route);
            if (prepareErrors.remove(name) != null) {
                LOG.info("Link {}: its routing table and rule are in place now", name);
            }
        } catch (RoutingException e) {
            preparedRoutes.put(name, route);
            String previousError = prepareErrors.put(name, e.getMessage());
            if (!e.getMessage().equals(previousError)) {
                LOG.warn("Routing failed while preparing link {}: {}", name, e.getMessage());
                Map<String, Object> p = new LinkedHashMap<>();
                p.put(NetworkEvents.LINK, name);
                p.put(NetworkEvents.REASON, "preparing link " + name + ": " + e.getMessage());
                p.put(NetworkEvents.BACKEND, backend.name());
                events.post(NetworkEvents.ROUTING_FAILED, p);
            }
        }
        return true;
    }

    /** True while the link's last preparation failed: it is no candidate for the default route. */
    boolean failed(String name) {
        return prepareErrors.containsKey(name);
    }

    /** One of the preparation errors standing now, if any (for the manager's health). */
    Optional<String> anyError() {
        return prepareErrors.values().stream().findFirst();
    }

    /** Forgets a removed link and removes its rule and table, if it had any. */
    void remove(String name) {
        preparedRoutes.remove(name);
        LinkRoute route = installedRoutes.remove(name);
        prepareErrors.remove(name);
        prepareTriedAt.remove(name);
        if (route != null) {
            try {
                backend.remove(route);
            } catch (RoutingException e) {
                LOG.warn("Link {} removed, but its rule and table could not be removed: {}", name, e.getMessage());
            }
        }
    }

    /** Removes every rule and table installed (the manager stops); a failure leaves that one for the next start. */
    void removeAll() {
        for (Map.Entry<String, LinkRoute> e : new ArrayList<>(installedRoutes.entrySet())) {
            try {
                backend.remove(e.getValue());
                installedRoutes.remove(e.getKey());
                preparedRoutes.remove(e.getKey());
            } catch (RoutingException ex) {
                LOG.warn("Link manager stop: the rule and table of link {} could not be removed: {}", e.getKey(),
                        ex.getMessage());
            }
        }
    }
}
