package org.cabinetgw.uplink.internal.mqtt;

import org.cabinetgw.uplink.internal.transport.SessionSockets;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** Paho's connect options from our settings: a clean session, no automatic reconnect (ours backs off), the will. */
final class ConnectOptions {

    private ConnectOptions() {
    }

    static MqttConnectOptions of(MqttSettings settings, CloudDialect dialect, SessionSockets sockets) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        // 3.1.1 named, not Paho's default: the default follows every failed attempt with a hidden second one in MQTT
        // 3.1 on a connection of its own, 250 ms later, whose refusal is then the reason reported (a broker refusing
        // our credentials saw two connections an attempt; OneConnectionPerAttemptTest). Every broker of the last
        // decade, Kapua's included, speaks 3.1.1; Kura names it too.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(settings.connectTimeoutSeconds());
        // room for the birth message and command replies beside a full telemetry window
        options.setMaxInflight(settings.window() + 2 + CommandChannel.QUEUE_CAPACITY);
        CloudDialect.Publication will = dialect.will();
        options.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        if (settings.serverUri().startsWith("ssl://")) {
            options.setSocketFactory(sockets.tls(settings.tls().sslContext().getSocketFactory()));
            options.setHttpsHostnameVerificationEnabled(settings.tls().verifyHostname());
        } else {
            options.setSocketFactory(sockets.plain());
        }
        return options;
    }
}
