package org.cabinetgw.testing;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.support.internal.text.SecretNames;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Finds service properties whose name looks secret on the services our bundles registered. A service's
 * properties are readable by every bundle and printed by the web console's services page: Declarative Services
 * copies a component's configuration into them, the MQTT password or a trust store's password among it, unless
 * the component registers its services by hand. A test calls {@link #find} after configuring its secrets and
 * expects an empty list.
 */
public final class SecretServiceProperties {

    private SecretServiceProperties() {
    }

    /** Whether a property's name says that its value is a secret. */
    public static boolean looksSecret(String propertyName) {
        return SecretNames.isSecret(propertyName);
    }

    /**
     * Every secret-looking property of a service registered by a bundle whose symbolic name starts with
     * {@code symbolicNamePrefix} (e.g. {@code org.cabinetgw.}), as "bundle: objectClass has property name";
     * empty when there is none.
     */
    public static List<String> find(BundleContext context, String symbolicNamePrefix) {
        List<String> found = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String bsn = bundle.getSymbolicName();
            ServiceReference<?>[] refs = bundle.getRegisteredServices();
            if (bsn == null || !bsn.startsWith(symbolicNamePrefix) || refs == null) {
                continue;
            }
            for (ServiceReference<?> ref : refs) {
                for (String key : ref.getPropertyKeys()) {
                    if (looksSecret(key)) {
                        found.add(bsn + ": " + String.join(",", (String[]) ref.getProperty("objectClass"))
                                + " has property " + key);
                    }
                }
            }
        }
        return found;
    }
}
