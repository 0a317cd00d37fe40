package org.cabinetgw.uplink.internal.kura;

import java.util.regex.Pattern;

/**
 * The topic namespace of Kura's cloud protocol for one gateway. Pure: no MQTT here.
 * <ul>
 * <li>data: {@code <account>/<client-id>/<app-id>/<app-topic>}</li>
 * <li>control: {@code $EDC/<account>/<client-id>/...}; lifecycle {@code $EDC/<account>/<client-id>/MQTT/BIRTH},
 * {@code .../MQTT/DC}, {@code .../MQTT/LWT}, {@code .../MQTT/APPS}</li>
 * </ul>
 */
public final class KuraTopics {

    /** What an account name or an application id may be: one topic level, nothing a broker treats specially. */
    static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    /** What a client id may be: Kura's MAC form has ':'; '/', '+', '#' and '.' are replaced as Kura does. */
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_:@-]{1,64}");

    private final String account;
    private final String clientId;
    private final String appId;

    /**
     * @throws IllegalArgumentException naming the setting ({@code kura.account.name}, {@code client.id},
     *                                  {@code kura.app.id}) when one is not a single safe topic level
     */
    public KuraTopics(String account, String clientId, String appId) {
        this.account = check("kura.account.name", account, LEVEL);
        this.clientId = check("client.id", clientId, CLIENT_ID);
        this.appId = check("kura.app.id", appId, LEVEL);
    }

    private static String check(String setting, String value, Pattern allowed) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty: Kura's cloud protocol (cloud.protocol = KURA) "
                    + "needs it");
        }
        if (!allowed.matcher(value).matches()) {
            throw new IllegalArgumentException(setting + " = " + value + " must be 1-64 characters of A-Z a-z 0-9 "
                    + (allowed == LEVEL ? ". " : "") + "_ : @ - (one MQTT topic level)");
        }
        return value;
    }

    public String account() {
        return account;
    }

    public String clientId() {
        return clientId;
    }

    public String appId() {
        return appId;
    }

    /** The data topic of one of our messages: {@code <account>/<client-id>/<app-id>/<message topic>}. */
    public String data(String messageTopic) {
        return account + "/" + clientId + "/" + appId + "/" + messageTopic;
    }

    /** {@code $EDC/<account>/<client-id>/MQTT/<kind>}: BIRTH, DC, LWT, APPS. */
    public String lifecycle(String kind) {
        return "$EDC/" + account + "/" + clientId + "/MQTT/" + kind;
    }

    public String birth() {
        return lifecycle("BIRTH");
    }

    public String disconnect() {
        return lifecycle("DC");
    }

    public String will() {
        return lifecycle("LWT");
    }

    public String apps() {
        return lifecycle("APPS");
    }

    /**
     * Kura's client id from the gateway's identity: the launcher's {@code cabinetgw-<12 hex digits of the primary
     * MAC>} becomes the MAC as Kura writes it ({@code 02:42:AC:11:00:02}); any other identity (a host name) has
     * {@code / + # .} replaced by {@code -}, as Kura does with the characters a topic level cannot hold.
     */
    public static String clientIdOf(String identity) {
        if (identity == null || identity.isBlank()) {
            return null;
        }
        String id = identity.trim();
        if (id.matches("cabinetgw-[0-9a-fA-F]{12}")) {
            String hex = id.substring("cabinetgw-".length()).toUpperCase(java.util.Locale.ROOT);
            StringBuilder mac = new StringBuilder();
            for (int i = 0; i < 12; i += 2) {
                mac.append(i == 0 ? "" : ":").append(hex, i, i + 2);
            }
            return mac.toString();
        }
        return id.replaceAll("[/+#.]", "-");
    }
}
