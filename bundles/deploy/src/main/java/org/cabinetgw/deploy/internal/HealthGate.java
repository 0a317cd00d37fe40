package org.cabinetgw.deploy.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.text.FailureSentence;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Decides whether a freshly installed package came up: every bundle of it is active, none of its
 * Declarative Services components failed to activate or waits for a service, and every health
 * contributor it registers reports UP. Components waiting for a factory configuration are fine: a
 * feature may ship a factory nobody has configured yet; so are components held only by their satisfying
 * condition ({@link ComponentWait}).
 */
final class HealthGate {

    private static final long POLL_MILLIS = 100;
    /**
     * Set when the agent stops. An interrupt alone is not enough: Felix's resolver, called by Deployment
     * Admin on the worker, swallows it, and the gate would then wait out its whole time while the
     * agent's deactivation (an SCR thread) waits for the worker.
     */
    private volatile boolean stopped;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    HealthGate(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    /** Ends every wait, now and later: the agent is stopping. */
    void stop() {
        stopped = true;
    }

    /** Null when the bundles are healthy within {@code timeoutMillis}; otherwise why not. */
    String await(Collection<Bundle> bundles, long timeoutMillis) throws InterruptedException {
        return await(bundles, timeoutMillis, true);
    }

    /**
     * As {@link #await(Collection, long)}; with {@code requireUp} false a package passes once it runs (bundles
     * active, components neither failed nor waiting, every health contributor answering) whatever state its
     * contributors report. For the packages the gateway ships: their health often depends on the world
     * outside (no broker reachable at the first boot), which says nothing about the package itself, and
     * /health shows it anyway.
     */
    String await(Collection<Bundle> bundles, long timeoutMillis, boolean requireUp) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        String problem;
        while (true) {
            Verdict v = check(bundles, requireUp);
            if (v.fatal()) {
                return v.problem();
            }
            problem = v.problem();
            if (problem == null) {
                return null;
            }
            if (stopped) {
                throw new InterruptedException("the agent is stopping");
            }
            if (System.nanoTime() > deadline) {
                return "not healthy within " + timeoutMillis / 1000.0 + " s: " + problem;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private record Verdict(String problem, boolean fatal) {
    }

    private Verdict check(Collection<Bundle> bundles, boolean requireUp) {
        for (Bundle b : bundles) {
            boolean fragment = b.getHeaders("").get("Fragment-Host") != null;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                return new Verdict("bundle " + b.getSymbolicName() + " is not active", false);
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                if (!scr.isComponentEnabled(d)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return new Verdict("component " + d.name + " failed to activate: " + FailureSentence.of(c.failure), true);
                    }
                    String missing = ComponentWait.missing(c);
                    if (missing != null) {
                        return new Verdict("component " + d.name + " waits for " + missing, false);
                    }
                }
            }
        }
        Set<Long> ids = bundles.stream().map(Bundle::getBundleId).collect(Collectors.toSet());
        List<String> notUp = new ArrayList<>();
        try {
            for (ServiceReference<HealthContributor> ref : context.getServiceReferences(HealthContributor.class, null)) {
                if (ref.getBundle() == null || !ids.contains(ref.getBundle().getBundleId())) {
                    continue;
                }
                HealthContributor hc = context.getService(ref);
                String name = String.valueOf(ref.getProperty(HealthContributor.COMPONENT));
                if (hc == null) {
                    notUp.add(name + " (its component is not active)");
                    continue;
                }
                try {
                    Health h = hc.health();
                    if (h == null) {
                        notUp.add(name + " reports no health");
                    } else if (requireUp && ref.getProperty(ConfigurationRefusal.REFUSED_PID) != null) {
                        // the package refuses its configuration (as a failed activation did, when refusals threw):
                        // no waiting for it to change its mind
                        return new Verdict(name + ": " + h.reason(), true);
                    } else if (requireUp && h.state() != HealthState.UP) {
                        notUp.add(name + " is " + h.state() + (h.reason().isEmpty() ? "" : ": " + h.reason()));
                    }
                } catch (RuntimeException e) {
                    notUp.add(name + " failed to report: " + e.getMessage());
                } finally {
                    context.ungetService(ref);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter is valid", e);
        }
        return new Verdict(notUp.isEmpty() ? null : String.join("; ", notUp), false);
    }
}
