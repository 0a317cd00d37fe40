package org.cabinetgw.storage.internal;

import org.osgi.framework.ServiceRegistration;

/** Withdrawing a service this bundle registered by hand, which the framework may have withdrawn already. */
final class Registrations {

    private Registrations() {
    }

    /** Unregisters it unless it is null or gone; always null, for {@code reg = Registrations.withdraw(reg)}. */
    static <T> ServiceRegistration<T> withdraw(ServiceRegistration<T> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped
            }
        }
        return null;
    }
}
