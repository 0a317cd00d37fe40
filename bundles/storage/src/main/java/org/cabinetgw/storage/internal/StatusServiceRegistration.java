package org.cabinetgw.storage.internal;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The registration every status service of a monitor shares (disks, filesystems, arrays): registered by hand from
 * the monitor's activate method once its configuration is accepted, withdrawn in its deactivate. A subclass gives
 * the service type and its properties; reading the service never runs a command.
 */
abstract class StatusServiceRegistration<T> {

    private final Class<T> type;
    private ServiceRegistration<T> registration;

    StatusServiceRegistration(Class<T> type) {
        this.type = type;
    }

    /** The service properties readers filter by (a name, a device, a mount point); empty for none. */
    abstract Map<String, Object> serviceProperties();

    final synchronized void register(BundleContext context) {
        registration = context.registerService(type, type.cast(this), new Hashtable<>(serviceProperties()));
    }

    final synchronized void unregister() {
        registration = Registrations.withdraw(registration);
    }
}
