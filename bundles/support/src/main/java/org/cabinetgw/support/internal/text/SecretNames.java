package org.cabinetgw.support.internal.text;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which setting or property names say that their value is a secret: password, passwd, passphrase, secret,
 * token, credential, private key, api key, pair key (and so a key store's password). One list for the console
 * that masks them, the secrets bundle that encrypts them and the test that looks for them in service
 * properties: a name one of them knows and another does not is a leak.
 */
public final class SecretNames {

    private static final Pattern SECRET_NAME = Pattern.compile(
            "pass(word|wd|phrase)|secret|token|credential|private[._-]?key|api[._-]?key|pair[._-]?key");

    private SecretNames() {
    }

    /** Whether {@code name} (any case) names a secret; null is not one. */
    public static boolean isSecret(String name) {
        return name != null && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }
}
