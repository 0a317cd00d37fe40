package org.cabinetgw.sim.broker.internal;

import java.util.Properties;

import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * The checked broker settings and their translation into Moquette's properties. A pure class, so the
 * rules are unit-tested without a framework: a bad value throws IllegalArgumentException naming the
 * attribute, the value and the allowed range.
 */
record BrokerSettings(String host, int port, int maxMessageBytes, boolean logArrivals) {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 1883;
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** The MQTT 3.1.1 remaining-length limit. */
    static final int MQTT_MAX_PACKET = BrokerConfig.MAX_MESSAGE_BYTES_MAX;

    BrokerSettings {
        if (host == null || host.isBlank() || host.chars().anyMatch(ch -> Character.isWhitespace(ch)
                || Character.isISOControl(ch))) {
            throw new IllegalArgumentException("host = '" + host + "' must be a host name or address without spaces");
        }
        host = host.trim();
        SettingRanges.check("port", port, BrokerConfig.PORT_MIN, BrokerConfig.PORT_MAX);
        SettingRanges.check("max.message.bytes", maxMessageBytes, BrokerConfig.MAX_MESSAGE_BYTES_MIN,
                BrokerConfig.MAX_MESSAGE_BYTES_MAX);
    }

    static BrokerSettings of(BrokerConfig c) {
        return new BrokerSettings(c.host(), c.port(), c.max_message_bytes(), c.log_arrivals());
    }

    BrokerSettings withPort(int newPort) {
        return new BrokerSettings(host, newPort, maxMessageBytes, logArrivals);
    }

    /**
     * Moquette's configuration: in memory only, no websocket or TLS listener, anonymous clients, and
     * WHY the extra switches: Moquette by default phones home ("telemetry") and tries the native epoll
     * transport, neither of which a demo on an integrator's laptop should do.
     */
    Properties moquetteProperties() {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        // a client without an id (mosquitto_sub without -i, MQTT 3.1.1 clean session) gets one, as Mosquitto does
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.epoll", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
        p.setProperty("netty.so_reuseaddr", "true");
        return p;
    }
}
