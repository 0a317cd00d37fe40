package org.cabinetgw.uplink.internal.mqtt;

import java.net.URI;
import java.util.Map;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.ha.ActingPermit;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.uplink.HostedCloudConnection;
import org.cabinetgw.uplink.internal.transport.CleartextCredentials;
import org.cabinetgw.uplink.internal.transport.PairFence;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.cabinetgw.uplink.internal.transport.TransportOffer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.cabinetgw.uplink.internal.UplinkComponent;
import org.cabinetgw.uplink.internal.kura.KuraDialect;
import org.cabinetgw.uplink.internal.kura.KuraMode;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT transport as a component: configured by {@link MqttConfig}, it registers a {@link Transport}
 * the uplink picks up. A configuration change replaces the transport (DS re-activates it); nothing
 * queued is lost by that, un-acknowledged messages are sent again.
 */
@Component(name = MqttTransportComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = MqttConfig.class)
public final class MqttTransportComponent {

    static final String PID = "org.cabinetgw.uplink.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttTransportComponent.class);

    private final MqttTransport transport;
    /** The transport's service and its credentials entry (null when idle or refused). */
    private final TransportOffer offer;
    /** Kura's cloud protocol, or null (JSON). */
    private final KuraDialect kura;
    /** A refused configuration: nothing started, the entry config:<pid> says which setting (ConfigurationRefusal). */
    private final ServiceRegistration<HealthContributor> refusal;

    @Activate
    public MqttTransportComponent(MqttConfig given, BundleContext context, Map<String, Object> properties,
            @Reference(name = "hosted", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            HostedCloudConnection hosted) throws MqttException {
        if (hosted != null) {
            // the platform's own cloud connection carries the messages (Kura's cloud publisher, registered by the
            // Kura bridge): a second connection would be a second device to the cloud. Started again when it goes.
            LOG.info("MQTT transport idle: the platform's cloud connection sends the uplink's messages");
            this.refusal = null;
            this.transport = null;
            this.kura = null;
            this.offer = null;
            return;
        }
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        MqttConfig config = RenamedSettings.of(PID, MqttTransportComponent.class)
                .config(MqttConfig.class, given, properties, LOG::warn);
        MqttSettings settings;
        KuraMode kuraMode;
        String warning;
        try {
            settings = MqttConfigValidator.validate(config, context.getProperty(MqttIdentity.PROPERTY));
            // Kura's cloud protocol (cloud.protocol = KURA): its client id, topics and lifecycle; null for JSON
            kuraMode = KuraMode.of(config, settings, context.getProperty(MqttIdentity.PROPERTY), context);
            settings = kuraMode == null ? settings : kuraMode.settings();
            warning = CleartextCredentials.check(URI.create(settings.serverUri()).getScheme(), "server.uri",
                    settings.serverUri(), "password", settings.password(), config.allow_cleartext_credentials());
        } catch (IllegalArgumentException e) {
            LOG.debug("MQTT transport: configuration refused", e);
            this.refusal = ConfigurationRefusal.report(context, PID, "the MQTT transport is not started", e);
            this.transport = null;
            this.kura = null;
            this.offer = null;
            return;
        }
        this.refusal = null;
        // beside the queue: answers kept there survive this bundle's update, which is when they are needed
        this.transport = new MqttTransport(settings, UplinkComponent.defaultDirectory(context).resolve("command-outbox"),
                kuraMode == null ? null : kuraMode.dialect());
        this.kura = kuraMode == null ? null : kuraMode.dialect();
        transport.fence(fence);
        transport.start();
        this.offer = TransportOffer.register(context, transport, "mqtt", warning, transport::close);
    }

    // the pair's fence in the data path (bundles/ha): registered only while a pair is configured
    private final PairFence fence = new PairFence();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setActingPermit(ActingPermit p) {
        fence.bind(p);
    }

    void unsetActingPermit(ActingPermit p) {
        fence.unbind(p);
    }

    /** Remote commands (whiteboard): each handler's application gets its request topic on this connection. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommandHandler(CommandHandler handler, Map<String, Object> properties) {
        MqttTransport t = transport;
        if (t == null) {
            return; // bound before the constructor ran (it adds none then) or refused: no connection to serve
        }
        t.commands().addHandler(appId(properties), handler);
        applicationsChanged();
    }

    void removeCommandHandler(CommandHandler handler, Map<String, Object> properties) {
        MqttTransport t = transport;
        if (t == null) {
            return;
        }
        t.commands().removeHandler(appId(properties), handler);
        applicationsChanged();
    }

    /** Kura's APPS: the applications the cloud may address changed (the next BIRTH carries them too). */
    private void applicationsChanged() {
        if (kura != null) {
            CloudDialect.Publication apps = kura.applicationsChanged(transport.commands().applications(),
                    transport.localAddress());
            if (apps != null) {
                transport.publishNow(apps);
            }
        }
    }

    private static String appId(Map<String, Object> properties) {
        Object id = properties.get(CommandHandler.APP_ID);
        return id instanceof String s ? s : null;
    }

    @Deactivate
    void deactivate() {
        ConfigurationRefusal.withdraw(refusal);
        if (offer != null) {
            offer.withdraw();
        }
    }
}
