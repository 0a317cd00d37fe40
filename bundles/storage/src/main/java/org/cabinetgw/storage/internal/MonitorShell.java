package org.cabinetgw.storage.internal;

import java.util.Map;
import java.util.function.Supplier;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;

/**
 * What each storage monitor component (disk, filesystem, RAID) does around its own read and assessment: a
 * configuration it refuses becomes its entry {@code config:<pid>} in /health (nothing started, one line, no stack
 * trace), and what it publishes while no uplink takes it waits in its hand-over. The component keeps its DS
 * references and gives the uplink it is bound to {@link #handover}.
 */
final class MonitorShell {

    private final UplinkHandover handover;
    private ServiceRegistration<HealthContributor> refusal;

    /** {@code producer}: the hand-over's name in its log lines and threads, e.g. {@code storage disk}. */
    MonitorShell(String producer) {
        this.handover = new UplinkHandover(producer);
    }

    UplinkHandover handover() {
        return handover;
    }

    /**
     * The checked settings, or null when {@code check} refuses the configuration: then the refusal is reported
     * under the configuration's own PID with {@code effect} (what does not happen) and nothing may start.
     */
    <S> S settings(BundleContext context, Map<String, Object> properties, String effect, Supplier<S> check,
            Logger log) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            log.debug("Configuration {} refused", properties.get("service.pid"), e);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"), effect, e);
            return null;
        }
    }

    /** At deactivation, first: the refusal (if any) withdrawn. */
    void withdrawRefusal() {
        refusal = ConfigurationRefusal.withdraw(refusal);
    }

    /** At deactivation, after the last publish: what is still held is counted lost. */
    void close() {
        handover.close();
    }
}
