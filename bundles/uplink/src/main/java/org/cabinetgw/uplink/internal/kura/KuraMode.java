package org.cabinetgw.uplink.internal.kura;

import java.nio.file.Path;

import org.cabinetgw.uplink.internal.mqtt.MqttConfig;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.osgi.framework.BundleContext;

/**
 * Sets up Kura's cloud protocol for the MQTT transport when its configuration says {@code cloud.protocol = KURA}:
 * the client id Kura would have (the primary MAC) unless one is configured, the topics, the birth certificate.
 *
 * @param settings the MQTT settings to use (the client id may differ from the JSON mode's)
 * @param dialect  the dialect for the transport
 */
public record KuraMode(MqttSettings settings, KuraDialect dialect) {

    /**
     * Null when the configuration is JSON.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static KuraMode of(MqttConfig config, MqttSettings json, String identity, BundleContext context) {
        String clientId = json.clientId();
        if (config.client_id() == null || config.client_id().isBlank()) {
            String kura = KuraTopics.clientIdOf(identity);
            clientId = kura != null ? kura : clientId;
        }
        KuraSettings kura = KuraSettings.validate(config.cloud_protocol(), config.kura_account_name(),
                config.kura_app_id(), config.kura_gzip(), clientId);
        if (kura == null) {
            return null;
        }
        MqttSettings settings = new MqttSettings(json.serverUri(), clientId, json.username(), json.password(),
                json.topicPrefix(), json.qos(), json.window(), json.keepAliveSeconds(), json.connectTimeoutSeconds(),
                json.reconnectInitialMillis(), json.reconnectMaxMillis(), json.tls());
        org.osgi.framework.Bundle system = context.getBundle(0);
        KuraBirthCertificate.Framework framework = new KuraBirthCertificate.Framework(displayName(clientId),
                context.getBundle().getVersion().toString(), system.getSymbolicName(), system.getVersion().toString());
        return new KuraMode(settings, new KuraDialect(kura,
                new KuraBirthCertificate(framework, MachineFacts.read(Path.of("/")), true, ModemFacts.of(context))));
    }

    /** The host name (what an operator calls the machine), else the client id. */
    static String displayName(String clientId) {
        String host = MachineFacts.line(Path.of("/proc/sys/kernel/hostname"));
        return host != null ? host : clientId;
    }
}
