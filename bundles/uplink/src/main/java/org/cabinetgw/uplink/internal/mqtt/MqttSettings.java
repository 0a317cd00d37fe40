package org.cabinetgw.uplink.internal.mqtt;

import java.util.Objects;

import org.cabinetgw.uplink.internal.transport.TlsSettings;

/**
 * The MQTT transport's settings, validated by {@link MqttConfigValidator}.
 *
 * @param serverUri          {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId           MQTT client id; also names the gateway in the status messages
 * @param username           empty for none
 * @param password           empty for none
 * @param topicPrefix        messages go to {@code <prefix>/<message topic>}, status to {@code <prefix>/status}
 * @param qos                0, 1 or 2
 * @param window             unacknowledged messages at most
 * @param keepAliveSeconds   MQTT keep-alive
 * @param connectTimeoutSeconds how long a connection attempt may take
 * @param reconnectInitialMillis first reconnect delay
 * @param reconnectMaxMillis longest reconnect delay
 * @param tls                TLS material (used with {@code ssl://})
 */
public record MqttSettings(String serverUri, String clientId, String username, String password, String topicPrefix,
        int qos, int window, int keepAliveSeconds, int connectTimeoutSeconds, long reconnectInitialMillis,
        long reconnectMaxMillis, TlsSettings tls) {

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        tls = tls == null ? TlsSettings.defaults() : tls;
    }

    /** Plain defaults for a broker at {@code serverUri}: tests and the benchmark. */
    public static MqttSettings of(String serverUri, String clientId, String topicPrefix) {
        return new MqttSettings(serverUri, clientId, "", "", topicPrefix, 1, 500, 30, 5, 200, 10_000,
                TlsSettings.defaults());
    }

    public String statusTopic() {
        return topicPrefix + "/status";
    }

    public String topicFor(String messageTopic) {
        return topicPrefix + "/" + messageTopic;
    }

    public MqttSettings withReconnect(long initial, long max) {
        return new MqttSettings(serverUri, clientId, username, password, topicPrefix, qos, window, keepAliveSeconds,
                connectTimeoutSeconds, initial, max, tls);
    }

    public MqttSettings withWindow(int newWindow) {
        return new MqttSettings(serverUri, clientId, username, password, topicPrefix, qos, newWindow,
                keepAliveSeconds, connectTimeoutSeconds, reconnectInitialMillis, reconnectMaxMillis, tls);
    }
}
