package org.cabinetgw.uplink.internal.transport;

import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A transport its component offers once the configuration is accepted (MQTT, HTTP): the {@link Transport} service
 * registered by hand (not by DS, so the internal type never shows up as a provided capability) and, when credentials
 * go in clear, the health entry that says so ({@link CleartextCredentials}). {@link #withdraw} undoes both and closes
 * the transport, at the component's deactivation.
 */
public final class TransportOffer {

    private final ServiceRegistration<Transport> registration;
    private final ServiceRegistration<HealthContributor> cleartext;
    private final Runnable close;

    private TransportOffer(ServiceRegistration<Transport> registration, ServiceRegistration<HealthContributor> cleartext,
            Runnable close) {
        this.registration = registration;
        this.cleartext = cleartext;
        this.close = close;
    }

    /**
     * @param kind    {@code mqtt} or {@code http}: the entry {@code uplink.<kind>.credentials}
     * @param warning what {@link CleartextCredentials#check} said, or null
     * @param close   closes the transport (its own method: the Transport contract has none)
     */
    public static TransportOffer register(BundleContext context, Transport transport, String kind, String warning,
            Runnable close) {
        ServiceRegistration<Transport> registration = context.registerService(Transport.class, transport, null);
        return new TransportOffer(registration, CleartextCredentials.announce(context, kind, warning), close);
    }

    /** The credentials entry withdrawn, the service unregistered (unless the framework already did), the transport closed. */
    public void withdraw() {
        CleartextCredentials.withdraw(cleartext);
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it
        }
        close.run();
    }
}
