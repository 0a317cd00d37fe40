package org.cabinetgw.health;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A configuration a component refused, reported instead of thrown. A component that finds a setting it cannot run
 * with does not throw from its activation (Declarative Services would log an ERROR with the whole stack trace, twice,
 * and the health registry would only see "failed to activate"); it starts nothing and registers one of these as a
 * {@link HealthContributor} with {@link #properties()}: a DOWN entry {@code config:<pid>} whose reason names the
 * setting, its value and the rule. The core bundle logs it, once, at WARN (so a value the Metatype check refuses too
 * is not said twice) and counts it against the cabinet as DEGRADED. The component unregisters it when it is given a
 * configuration it accepts (or stops).
 *
 * @param pid       the refused configuration's PID (a factory configuration's own PID, e.g. {@code ...meter~ups})
 * @param effect    what follows from it, in words, for the log line (e.g. {@code power meter ups does not run})
 * @param reason    the sentence naming the setting, its value and what is allowed
 * @param since     when it was refused
 */
public record ConfigurationRefusal(String pid, String effect, String reason, Instant since)
        implements HealthContributor {

    /** Service property on a component's refusal: the refused PID. Core's log and health find refusals by it. */
    public static final String REFUSED_PID = "config.refused.pid";
    /** Service property on a component's refusal: what follows from it ({@link #effect()}). */
    public static final String REFUSED_EFFECT = "config.refused.effect";
    /** The health entry of a refused configuration is this prefix and the PID. */
    public static final String ENTRY_PREFIX = "config:";

    public ConfigurationRefusal {
        Objects.requireNonNull(pid, "pid");
        effect = effect == null ? "" : effect;
        reason = reason == null || reason.isBlank() ? "no reason given" : withoutPid(pid, reason);
        Objects.requireNonNull(since, "since");
    }

    /** "org.cabinetgw.storage.filesystem: poll.seconds = 0 ..." is "poll.seconds = 0 ...": the entry names the PID. */
    private static String withoutPid(String pid, String reason) {
        int tilde = pid.indexOf('~');
        for (String prefix : tilde < 0 ? new String[] {pid} : new String[] {pid, pid.substring(0, tilde)}) {
            if (reason.startsWith(prefix + ": ")) {
                return reason.substring(prefix.length() + 2);
            }
        }
        return reason;
    }

    /** A refusal now; {@code pid} may be an Object as Declarative Services hands it ({@code service.pid}). */
    public static ConfigurationRefusal of(Object pid, String effect, String reason) {
        return new ConfigurationRefusal(pid instanceof String[] a && a.length > 0 ? a[a.length - 1]
                : String.valueOf(pid), effect, reason, Instant.now());
    }

    @Override
    public Health health() {
        return Health.down("configuration refused: " + reason, since);
    }

    /** The service properties to register it with: its health entry's name, the refusal's PID and effect. */
    public Dictionary<String, Object> properties() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthContributor.COMPONENT, ENTRY_PREFIX + pid);
        p.put(REFUSED_PID, pid);
        p.put(REFUSED_EFFECT, effect);
        return p;
    }

    /**
     * Registers the refusal of {@code pid} (as Declarative Services hands it: {@code service.pid}) with a component's
     * bundle context: its entry {@code config:<pid>} is DOWN with {@code problem}'s message until it is withdrawn.
     */
    public static ServiceRegistration<HealthContributor> report(BundleContext context, Object pid, String effect,
            RuntimeException problem) {
        ConfigurationRefusal r = of(pid, effect, problem.getMessage());
        return context.registerService(HealthContributor.class, r, r.properties());
    }

    /** Runs {@code check}; if it refuses (IllegalArgumentException), reports that as {@link #report}; else null. */
    public static ServiceRegistration<HealthContributor> check(BundleContext context, Object pid, String effect,
            Runnable check) {
        try {
            check.run();
            return null;
        } catch (IllegalArgumentException e) {
            return report(context, pid, effect, e);
        }
    }

    /** Withdraws a refusal (null: none); one already gone with its bundle is no error. Returns null to clear a field. */
    public static <T> ServiceRegistration<T> withdraw(ServiceRegistration<T> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it
            }
        }
        return null;
    }

    /**
     * The service properties Declarative Services would publish for a component's properties (all but the private
     * ones, whose names start with a dot): for a component that registers its services by hand once it has accepted
     * its configuration, so that a refused one offers none, and consumers still find them as before.
     */
    public static Dictionary<String, Object> serviceProperties(java.util.Map<String, Object> componentProperties) {
        Dictionary<String, Object> p = new Hashtable<>();
        componentProperties.forEach((k, v) -> {
            if (!k.startsWith(".") && v != null) {
                p.put(k, v);
            }
        });
        return p;
    }
}
