package org.cabinetgw.uplink.internal.kura;

import java.nio.file.Path;

import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;

/** The MQTT transport set up as KuraMode sets it up in the framework, for tests outside one. */
public final class KuraGateway {

    private KuraGateway() {
    }

    public static KuraDialect dialect(String account, String clientId, boolean gzip) {
        return new KuraDialect(KuraSettings.validate("KURA", account, "cabinetgw", gzip, clientId),
                new KuraBirthCertificate(new KuraBirthCertificate.Framework("test-cabinet", "0.1.0",
                        "org.apache.felix.framework", "7.0.5"), MachineFacts.read(Path.of("/")), true));
    }

    public static MqttTransport transport(String brokerUri, KuraDialect dialect) throws Exception {
        MqttSettings settings = MqttSettings.of(brokerUri, dialect.topics().clientId(), "unused-in-kura-mode")
                .withReconnect(100, 1000);
        return new MqttTransport(settings, null, dialect);
    }
}
