package org.cabinetgw.console.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cabinetgw.support.internal.text.SecretNames;

/**
 * Replaces the value of every secret-looking property in a status printer's output with {@value #MASK}.
 *
 * <p>A key is secret when its name says so (password, secret, token, passphrase, credential, private key):
 * the gateway names every Password attribute that way (MQTT {@code password}, HTTP {@code bearer.token},
 * {@code tls.key.store.password}, the deploy agent's {@code trust.store.password}) and so do Felix and Kura.
 * The printers write {@code key=value}, {@code key = value}, {@code key: value} one per line (text) or
 * {@code "key" : "value"} (JSON); both are masked whatever format was asked for.
 */
final class SecretMask {

    static final String MASK = "********";

    /** indentation, a key, '=' or ':' with optional spaces, the value up to the end of the line */
    private static final Pattern TEXT_LINE = Pattern.compile("(?m)^([ \\t]*)([A-Za-z0-9_.\\-]+)([ \\t]*[=:][ \\t]*)(.+)$");
    /** the services page's properties: {"key":"name","value":"text" | number | [list]} */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(\"key\"\\s*:\\s*\"([^\"\\\\]+)\"\\s*,\\s*\"value\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*\\]|[^,}\\]\\s]+)");
    private static final Pattern JSON_PAIR = Pattern.compile("\"([^\"\\\\]+)\"(\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,{}\\[\\]\\s\"]+)");

    private SecretMask() {
    }

    static boolean isSecret(String key) {
        return SecretNames.isSecret(key);
    }

    static String mask(String printed) {
        return maskJson(maskText(printed));
    }

    /**
     * The web console's services page and its JSON ({@code /system/console/services[/<id>.json]}): each property
     * is an object {@code {"key":..., "value":...}}, the value masked when the key names a secret.
     */
    static String maskServiceProperties(String page) {
        Matcher m = KEY_VALUE.matcher(page);
        StringBuilder out = new StringBuilder(page.length());
        while (m.find()) {
            String replacement = isSecret(m.group(2)) ? m.group(1) + "\"" + MASK + "\"" : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String maskText(String text) {
        Matcher m = TEXT_LINE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String replacement = isSecret(m.group(2)) ? m.group(1) + m.group(2) + m.group(3) + MASK : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String maskJson(String text) {
        Matcher m = JSON_PAIR.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String replacement = isSecret(m.group(1)) ? "\"" + m.group(1) + "\"" + m.group(2) + "\"" + MASK + "\"" : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
