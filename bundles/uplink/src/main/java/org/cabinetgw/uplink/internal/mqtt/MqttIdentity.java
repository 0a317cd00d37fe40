package org.cabinetgw.uplink.internal.mqtt;

/**
 * Who this gateway is on the broker when its configuration does not say: an empty {@code client.id} is the
 * gateway's identity (framework property {@code cabinetgw.identity}, made by the launcher from the machine's
 * MAC address or host name and kept in its data directory), and {@code {client.id}} in {@code topic.prefix}
 * (the default is {@code cabinetgw/{client.id}}) stands for the client id, so every topic names its gateway.
 * Under a runtime without that property (Kura) the fallback is the old fixed id, {@code cabinetgw}.
 */
public final class MqttIdentity {

    /** The framework property the standalone launcher sets. */
    public static final String PROPERTY = "cabinetgw.identity";
    static final String FALLBACK = "cabinetgw";
    static final String PLACEHOLDER = "{client.id}";

    private MqttIdentity() {
    }

    /** The client id to use: the configured one, else the gateway's identity, else the fallback. */
    static String clientId(String configured, String identity) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return identity != null && !identity.isBlank() ? identity.trim() : FALLBACK;
    }

    /** The topic prefix with {@code {client.id}} replaced. */
    static String topicPrefix(String configured, String clientId) {
        return configured == null ? null : configured.replace(PLACEHOLDER, clientId);
    }
}
