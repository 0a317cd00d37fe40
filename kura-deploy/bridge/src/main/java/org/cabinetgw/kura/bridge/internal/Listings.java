package org.cabinetgw.kura.bridge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The ConfigurableComponent services the bridge has registered, by service.pid, each with the bundle whose
 * component it stands for (so a bundle that stops takes its listings with it).
 *
 * One lock guards the map and the registrations themselves, so a listing and its removal can never cross
 * (a configuration deleted while its bundle stops). Registering under the lock calls Kura's
 * ConfigurationService synchronously; that is safe because Kura never calls back into the bridge, and the
 * ConfigAdmin updates Kura makes in return reach the bridge on ConfigAdmin's own event thread.
 */
final class Listings {

    private record Listed(long owner, KuraListing listing, ServiceRegistration<ConfigurableComponent> registration) {
    }

    private final BundleContext context;
    private final String bridgeName;
    private final Map<String, Listed> byServicePid = new HashMap<>();
    private boolean closed;

    Listings(BundleContext context, String bridgeName) {
        this.context = context;
        this.bridgeName = bridgeName;
    }

    /**
     * Lists {@code listing} for the bundle {@code owner}. A listing that changed (a factory configuration that
     * got its kura.service.pid) is registered anew rather than modified: Kura's ConfigurationService only
     * reads the properties when the service appears.
     *
     * @return true when something was registered
     */
    synchronized boolean put(long owner, KuraListing listing) {
        if (closed) {
            return false;
        }
        Listed old = byServicePid.get(listing.servicePid());
        if (old != null) {
            if (old.listing().equals(listing)) {
                return false;
            }
            unregister(old);
        }
        ServiceRegistration<ConfigurableComponent> reg = context.registerService(ConfigurableComponent.class,
                new ListedComponent(listing.kuraPid()), listing.serviceProperties(bridgeName));
        byServicePid.put(listing.servicePid(), new Listed(owner, listing, reg));
        return true;
    }

    /** @return true when {@code servicePid} was listed */
    synchronized boolean remove(String servicePid) {
        Listed old = byServicePid.remove(servicePid);
        if (old == null) {
            return false;
        }
        unregister(old);
        return true;
    }

    /** Removes every listing of the bundle {@code owner}; returns how many. */
    synchronized int removeOwner(long owner) {
        List<String> gone = new ArrayList<>();
        byServicePid.forEach((pid, l) -> {
            if (l.owner() == owner) {
                gone.add(pid);
            }
        });
        gone.forEach(this::remove);
        return gone.size();
    }

    /** Removes everything; later puts are ignored (a late ConfigAdmin event after the bridge stopped). */
    synchronized void close() {
        closed = true;
        new ArrayList<>(byServicePid.keySet()).forEach(this::remove);
    }

    synchronized int size() {
        return byServicePid.size();
    }

    private static void unregister(Listed l) {
        try {
            l.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself; nothing left to do
        }
    }
}
