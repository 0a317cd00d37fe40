package org.cabinetgw.uplink.internal.hosted;

import org.cabinetgw.uplink.HostedCloudConnection;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the platform's cloud connection ({@link HostedCloudConnection}, the highest ranked) to the uplink as its
 * primary transport, for as long as it is registered. The MQTT transport component stays idle meanwhile (it
 * references the same service), so there is one cloud connection, the platform's. No configuration.
 */
@Component(service = {}, immediate = true)
public final class HostedConnectionComponent {

    private static final Logger LOG = LoggerFactory.getLogger(HostedConnectionComponent.class);

    private BundleContext context;
    private HostedCloudConnection connection;
    private HostedTransport transport;
    private ServiceRegistration<Transport> registration;

    @Activate
    synchronized void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        offer();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setConnection(HostedCloudConnection c) {
        withdraw();
        this.connection = c;
        offer();
    }

    synchronized void unsetConnection(HostedCloudConnection c) {
        if (connection == c) {
            withdraw();
            connection = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        withdraw();
        context = null;
    }

    private void offer() {
        if (context == null || connection == null || registration != null) {
            return;
        }
        transport = new HostedTransport(connection);
        // by hand, as the MQTT transport's: the internal Transport type never shows up as a provided capability
        registration = context.registerService(Transport.class, transport, null);
        LOG.info("Uplink: sending through the platform's cloud connection ({}); our own MQTT transport stays idle",
                transport.describeState());
    }

    private void withdraw() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it
        }
        registration = null;
        transport.close();
        transport = null;
        LOG.info("Uplink: the platform's cloud connection went away");
    }
}
