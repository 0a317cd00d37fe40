package org.cabinetgw.secrets.internal;

import org.cabinetgw.support.internal.text.SecretNames;

/**
 * Which attributes of a configuration are stored encrypted: a Password attribute of the configuration's Metatype,
 * and, whatever the Metatype says or when it is not there yet (ConfigurationAdmin stores configurations before
 * every bundle has started), an attribute whose name says it is a secret. Every Password attribute of the gateway
 * has such a name (MQTT {@code password}, {@code tls.key.store.password}, {@code bearer.token}, {@code pair.key},
 * the deploy agent's {@code trust.store.password}).
 */
final class SecretAttributes {

    /** Tells whether the Metatype of a configuration declares an attribute of type Password. */
    interface PasswordTypes {
        boolean isPassword(String pid, String factoryPid, String attribute);
    }


    private final PasswordTypes metatype;

    SecretAttributes(PasswordTypes metatype) {
        this.metatype = metatype;
    }

    static boolean namedSecret(String attribute) {
        return SecretNames.isSecret(attribute);
    }

    boolean isSecret(String pid, String factoryPid, String attribute) {
        if (attribute.startsWith("service.") || attribute.startsWith("felix.")) {
            return false; // ConfigurationAdmin's own bookkeeping
        }
        return namedSecret(attribute) || metatype.isPassword(pid, factoryPid, attribute);
    }
}
