package org.cabinetgw.deploy.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.cabinetgw.deploy.CommandHandler;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * What a remote request may do beyond being well formed: who may ask (the {@code command.requesters}
 * allow-list), and which packages a request must not take away without {@code dp.force}: the one that
 * carries the command channel (whatever bundle delivers requests to this agent, the uplink's MQTT
 * transport today) and the one that carries the agent itself. Either gone, the cloud cannot send the
 * request that would put it back: only someone at the gateway can (or a restart, for a shipped package).
 */
final class CommandPolicy {

    private final BundleContext context;
    private final Set<String> requesters;

    CommandPolicy(BundleContext context, Set<String> requesters) {
        this.context = context;
        this.requesters = Set.copyOf(requesters);
    }

    /** Empty allow-list: any requester (the broker's ACL is then the only gate). */
    boolean allows(String requesterId) {
        return requesters.isEmpty() || requesters.contains(requesterId);
    }

    /**
     * The bundles among {@code bundleNames} a request must not remove without force, each with why: the
     * agent's own bundle, and the bundles that use the agent's {@link CommandHandler} service (the command
     * channels: they obtained the service to deliver requests to it). Empty when none.
     */
    List<String> essential(Collection<String> bundleNames) {
        Set<String> found = new LinkedHashSet<>();
        String self = context.getBundle().getSymbolicName();
        if (bundleNames.contains(self)) {
            found.add(self + " (the deploy agent)");
        }
        for (Bundle channel : commandChannels()) {
            if (bundleNames.contains(channel.getSymbolicName()) && !channel.equals(context.getBundle())) {
                found.add(channel.getSymbolicName() + " (a command channel: it delivers remote requests to the deploy agent)");
            }
        }
        return List.copyOf(found);
    }

    /**
     * The bundles that got the agent's service and can use it as a {@link CommandHandler}: the agent registers
     * one service for CommandHandler and HealthContributor, so its users include whoever collects health (the
     * health registry, the failover coordinator). Only a bundle wired to CommandHandler's package can call
     * handle(): that tells a command channel apart.
     */
    private Set<Bundle> commandChannels() {
        Set<Bundle> users = new LinkedHashSet<>();
        try {
            for (ServiceReference<CommandHandler> ref : context.getServiceReferences(CommandHandler.class, null)) {
                Bundle[] using = ref.getBundle() != null && ref.getBundle().equals(context.getBundle()) ? ref.getUsingBundles() : null;
                for (Bundle b : using == null ? new Bundle[0] : using) {
                    if (importsCommandApi(b)) {
                        users.add(b);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no filter is given; IllegalStateException: the agent is stopping, nothing to protect any more
        }
        return users;
    }

    private static boolean importsCommandApi(Bundle b) {
        BundleWiring wiring = b.adapt(BundleWiring.class);
        if (wiring == null) {
            return false;
        }
        String api = CommandHandler.class.getPackageName();
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (api.equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                return true;
            }
        }
        return false;
    }
}
