package org.cabinetgw.uplink.internal.kura;

/**
 * The settings of Kura's cloud protocol, from the MQTT transport's configuration ({@code cloud.protocol = KURA}).
 *
 * @param topics where everything goes (account, client id, the application id of our data)
 * @param gzip   compress a payload when that makes it smaller (Kura's {@code encode.gzip}; the birth says
 *               {@code accept_encoding=gzip} either way, as Kapua decodes both)
 */
public record KuraSettings(KuraTopics topics, boolean gzip) {

    /** The cloud protocol setting's values. */
    public static final String JSON = "JSON";
    public static final String KURA = "KURA";

    /**
     * The Kura settings when {@code protocol} is KURA, null when JSON.
     *
     * @param clientId the MQTT client id in use: the configured one, else {@link KuraTopics#clientIdOf} of the
     *                 gateway's identity (the caller decides)
     * @throws IllegalArgumentException naming the setting
     */
    public static KuraSettings validate(String protocol, String account, String appId, boolean gzip, String clientId) {
        String p = protocol == null ? JSON : protocol.trim().toUpperCase(java.util.Locale.ROOT);
        if (p.isEmpty() || p.equals(JSON)) {
            return null;
        }
        if (!p.equals(KURA)) {
            throw new IllegalArgumentException("cloud.protocol = " + protocol + " must be JSON or KURA");
        }
        return new KuraSettings(new KuraTopics(trim(account), clientId, trim(appId)), gzip);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
