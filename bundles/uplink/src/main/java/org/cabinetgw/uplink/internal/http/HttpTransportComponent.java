package org.cabinetgw.uplink.internal.http;

import java.util.Map;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.uplink.internal.transport.CleartextCredentials;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.cabinetgw.uplink.internal.transport.TransportOffer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.LoggerFactory;

/** The HTTP fallback as a component: configured by {@link HttpConfig}, it registers a {@link Transport}. */
@Component(name = HttpTransportComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = HttpConfig.class)
public final class HttpTransportComponent {

    static final String PID = "org.cabinetgw.uplink.http";

    /** The transport's service and its credentials entry (null when refused). */
    private final TransportOffer offer;
    /** A refused configuration: nothing started, the entry config:<pid> says which setting (ConfigurationRefusal). */
    private final ServiceRegistration<HealthContributor> refusal;

    @Activate
    public HttpTransportComponent(HttpConfig given, BundleContext context, Map<String, Object> properties)
            throws Exception {
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        HttpConfig config = RenamedSettings.of(PID, HttpTransportComponent.class)
                .config(HttpConfig.class, given, properties, LoggerFactory.getLogger(HttpTransportComponent.class)::warn);
        HttpSettings settings;
        String warning;
        try {
            settings = HttpConfigValidator.validate(config);
            warning = CleartextCredentials.check(settings.endpoint().getScheme(), "endpoint",
                    settings.endpoint().toString(), "bearer.token", settings.bearerToken(), config.allow_cleartext_credentials());
        } catch (IllegalArgumentException e) {
            LoggerFactory.getLogger(HttpTransportComponent.class).debug("HTTP transport: configuration refused", e);
            this.refusal = ConfigurationRefusal.report(context, PID, "the HTTP fallback is not started", e);
            this.offer = null;
            return;
        }
        this.refusal = null;
        HttpTransport transport = new HttpTransport(settings);
        this.offer = TransportOffer.register(context, transport, "http", warning, transport::close);
    }

    @Deactivate
    void deactivate() {
        ConfigurationRefusal.withdraw(refusal);
        if (offer != null) {
            offer.withdraw();
        }
    }
}
