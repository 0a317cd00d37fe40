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
