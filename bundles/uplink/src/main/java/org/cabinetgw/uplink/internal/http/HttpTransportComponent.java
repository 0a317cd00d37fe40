package org.cabinetgw.uplink.internal.http;

import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.uplink.internal.transport.CleartextCredentials;
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
    private final ServiceRegistration<HealthContributor> cleartext;

    @Activate
    public HttpTransportComponent(HttpConfig config, BundleContext context) throws Exception {
        HttpSettings settings = HttpConfigValidator.validate(config);
        String warning = CleartextCredentials.check(settings.endpoint().getScheme(), "endpoint",
                settings.endpoint().toString(), "bearer.token", settings.bearerToken(), config.allow_cleartext_credentials());
        this.transport = new HttpTransport(settings);
        this.registration = context.registerService(Transport.class, transport, null);
        this.cleartext = CleartextCredentials.announce(context, "http", warning);
    }

    @Deactivate
    void deactivate() {
        CleartextCredentials.withdraw(cleartext);
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it
        }
        transport.close();
    }
}
