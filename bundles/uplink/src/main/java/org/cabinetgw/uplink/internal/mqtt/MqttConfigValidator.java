package org.cabinetgw.uplink.internal.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Ranges.check("qos", c.qos(), 0, 2);
        Ranges.check("window", c.window(), 1, 65_000);
        Ranges.check("keep.alive.seconds", c.keep_alive_seconds(), 5, 3600);
        Ranges.check("connect.timeout.seconds", c.connect_timeout_seconds(), 1, 120);
        Ranges.check("reconnect.initial.millis", c.reconnect_initial_millis(), 10, 60_000);
        Ranges.check("reconnect.max.seconds", c.reconnect_max_seconds(), 1, 3600);
        if (c.reconnect_max_seconds() * 1000L < c.reconnect_initial_millis()) {
            throw new IllegalArgumentException("reconnect.max.seconds = " + c.reconnect_max_seconds()
                    + " is shorter than reconnect.initial.millis = " + c.reconnect_initial_millis());
        }
        requireReadable("tls.truststore", c.tls_truststore());
        requireReadable("tls.keystore", c.tls_keystore());
        TlsSettings tls = new TlsSettings(nz(c.tls_truststore()), nz(c.tls_truststore_password()),
                nz(c.tls_keystore()), nz(c.tls_keystore_password()), c.tls_verify_hostname());
        return new MqttSettings(uri, clientId, nz(c.username()), nz(c.password()), prefix, c.qos(), c.window(),
                c.keep_alive_seconds(), c.connect_timeout_seconds(), c.reconnect_initial_millis(),
                c.reconnect_max_seconds() * 1000L, tls);
    }

    static void requireReadable(String attribute, String path) {
        if (path != null && !path.isBlank() && !Files.isReadable(Path.of(path.trim()))) {
            throw new IllegalArgumentException(attribute + " = " + path + " is not a readable file");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
