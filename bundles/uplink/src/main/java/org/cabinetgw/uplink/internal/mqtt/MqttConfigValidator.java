package org.cabinetgw.uplink.internal.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

import org.cabinetgw.uplink.internal.Ranges;
import org.cabinetgw.uplink.internal.transport.TlsSettings;

/** Turns an {@link MqttConfig} into {@link MqttSettings}, or refuses it naming the attribute. */
public final class MqttConfigValidator {

    private MqttConfigValidator() {
    }

    public static MqttSettings validate(MqttConfig c) {
        return validate(c, null);
    }

    /** As {@link #validate(MqttConfig)}, with the gateway's identity for an empty client.id (see MqttIdentity). */
    public static MqttSettings validate(MqttConfig c, String identity) {
        String uri = Ranges.notBlank("server.uri", c.server_uri());
        try {
            URI parsed = new URI(uri);
            if (!"tcp".equals(parsed.getScheme()) && !"ssl".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("server.uri = " + uri + " must start with tcp:// or ssl://");
            }
            if (parsed.getHost() == null || parsed.getPort() < 1 || parsed.getPort() > 65535) {
                throw new IllegalArgumentException("server.uri = " + uri + " needs a host and a port 1..65535");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server.uri = " + uri + " is not a URI: " + e.getReason());
        }
        String clientId = MqttIdentity.clientId(c.client_id(), identity);
        Ranges.check("client.id length", clientId.length(), 1, 64);
        String prefix = MqttIdentity.topicPrefix(Ranges.notBlank("topic.prefix", c.topic_prefix()), clientId);
        if (prefix.contains("+") || prefix.contains("#") || prefix.startsWith("/") || prefix.endsWith("/")
                || prefix.indexOf('\0') >= 0 || prefix.length() > 200) {
            throw new IllegalArgumentException("topic.prefix = " + prefix
                    + " must not contain '+', '#' or NUL, start or end with '/', or exceed 200 characters");
        }
        Ranges.check("qos", c.qos(), MqttConfig.QOS_MIN, MqttConfig.QOS_MAX);
        Ranges.check("window", c.window(), MqttConfig.WINDOW_MIN, MqttConfig.WINDOW_MAX);
        Ranges.check("keep.alive.seconds", c.keep_alive_seconds(),
                MqttConfig.KEEP_ALIVE_SECONDS_MIN, MqttConfig.KEEP_ALIVE_SECONDS_MAX);
        Ranges.check("connect.timeout.seconds", c.connect_timeout_seconds(),
                MqttConfig.CONNECT_TIMEOUT_SECONDS_MIN, MqttConfig.CONNECT_TIMEOUT_SECONDS_MAX);
        Ranges.check("reconnect.initial.millis", c.reconnect_initial_millis(),
                MqttConfig.RECONNECT_INITIAL_MILLIS_MIN, MqttConfig.RECONNECT_INITIAL_MILLIS_MAX);
        Ranges.check("reconnect.max.seconds", c.reconnect_max_seconds(),
                MqttConfig.RECONNECT_MAX_SECONDS_MIN, MqttConfig.RECONNECT_MAX_SECONDS_MAX);
        if (c.reconnect_max_seconds() * 1000L < c.reconnect_initial_millis()) {
            throw new IllegalArgumentException("reconnect.max.seconds = " + c.reconnect_max_seconds()
                    + " is shorter than reconnect.initial.millis = " + c.reconnect_initial_millis());
        }
        TlsSettings tls = TlsSettings.of(c.tls_trust_store(), c.tls_trust_store_password(), c.tls_key_store(),
                c.tls_key_store_password(), c.tls_verify_hostname());
        return new MqttSettings(uri, clientId, nz(c.username()), nz(c.password()), prefix, c.qos(), c.window(),
                c.keep_alive_seconds(), c.connect_timeout_seconds(), c.reconnect_initial_millis(),
                c.reconnect_max_seconds() * 1000L, tls);
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
