package org.cabinetgw.uplink.internal.http;

import org.cabinetgw.uplink.internal.transport.Transport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** The HTTP fallback as a component: configured by {@link HttpConfig}, it registers a {@link Transport}. */
@Component(name = HttpTransportComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = HttpConfig.class)
public final class HttpTransportComponent {

    static final String PID = "org.cabinetgw.uplink.http";

    private final HttpTransport transport;
    private final ServiceRegistration<Transport> registration;

    @Activate
    public HttpTransportComponent(HttpConfig config, BundleContext context) throws Exception {
        this.transport = new HttpTransport(HttpConfigValidator.validate(config));
        this.registration = context.registerService(Transport.class, transport, null);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it
        }
        transport.close();
    }
}
