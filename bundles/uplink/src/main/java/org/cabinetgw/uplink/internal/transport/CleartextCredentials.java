package org.cabinetgw.uplink.internal.transport;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential sent over a connection without TLS (an MQTT password over {@code tcp://}, a bearer token over
 * {@code http://}) can be read by anyone on the way: the cabinet's LAN, the cellular operator, every hop to
 * the cloud. Refused unless the transport's {@code allow.cleartext.credentials} says otherwise (a broker on
 * the same machine, a lab); when allowed, it is said at every start in the log (WARN) and for as long as the
 * transport runs in {@code /health} (DEGRADED, {@code uplink.<transport>.credentials}).
 */
public final class CleartextCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(CleartextCredentials.class);

    private CleartextCredentials() {
    }

    /**
     * Refuses the configuration, naming the settings, when a credential would travel in clear without
     * permission.
     *
     * @param scheme          the URI's scheme ({@code tcp}, {@code ssl}, {@code http}, {@code https})
     * @param uriAttribute    the setting holding the URI, e.g. {@code server.uri}
     * @param uri             its value
     * @param secretAttribute the setting holding the credential, e.g. {@code password}
     * @param secret          its value (only whether it is empty matters)
     * @param allowed         {@code allow.cleartext.credentials}
     * @return the warning to show while the transport runs, or null when nothing goes in clear
     */
    public static String check(String scheme, String uriAttribute, String uri, String secretAttribute, String secret,
            boolean allowed) {
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        boolean encrypted = s.equals("ssl") || s.equals("https");
        if (encrypted || secret == null || secret.isBlank()) {
            return null;
        }
        String what = secretAttribute + " would be sent in clear over " + uriAttribute + " = " + uri;
        if (!allowed) {
            throw new IllegalArgumentException(what + ": use " + (s.equals("tcp") ? "ssl://" : "https://")
                    + ", or set allow.cleartext.credentials = true if the path is trusted");
        }
        return secretAttribute + " is sent in clear over " + uri + " (allow.cleartext.credentials = true)";
    }

    /**
     * Says it: one WARN line now and a DEGRADED health entry {@code uplink.<transport>.credentials} until the
     * returned registration is unregistered (the transport's deactivation). Null when there is nothing to say.
     */
    public static ServiceRegistration<HealthContributor> announce(BundleContext context, String transport, String warning) {
        if (warning == null) {
            return null;
        }
        LOG.warn("Uplink {}: {}", transport, warning);
        Health health = Health.degraded(warning, Instant.now());
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthContributor.COMPONENT, "uplink." + transport + ".credentials");
        return context.registerService(HealthContributor.class, () -> health, p);
    }

    /** Unregisters what {@link #announce} registered; nothing when it was null or is gone already. */
    public static void withdraw(ServiceRegistration<HealthContributor> announcement) {
        if (announcement != null) {
            try {
                announcement.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it
            }
        }
    }
}
