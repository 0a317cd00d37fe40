package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.UplinkControl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules' side effects on the real framework: bundles are stopped and started transiently (a restart of
 * the gateway brings everything back as configured, whatever the coordinator did), alarms go to the uplink.
 * Never touches the system bundle or the coordinator's own bundle.
 */
final class BundleActuator implements RuleEngine.Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(BundleActuator.class);

    private final BundleContext context;
    private final UplinkHandover uplink;
    private final Function<String, Bundle> bundleOfComponent;
    private final String alarmTopic;
    private final Supplier<UplinkControl> uplinkControl;

    BundleActuator(BundleContext context, UplinkHandover uplink, Supplier<UplinkControl> uplinkControl,
            Function<String, Bundle> bundleOfComponent, String alarmTopic) {
        this.context = context;
        this.uplink = uplink;
        this.uplinkControl = uplinkControl;
        this.bundleOfComponent = bundleOfComponent;
        this.alarmTopic = alarmTopic;
    }

    @Override
    public boolean alarm(String rule, String text) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rule", rule);
        metrics.put("text", text);
        return uplink.publish(new Message(Message.newId(), "failover.coordinator", alarmTopic, Priority.ALARM,
                Instant.now(), metrics, text)) != UplinkHandover.Outcome.REFUSED;
    }

    @Override
    public boolean restrictTelemetry(String reason) {
        return restrict(uplinkControl.get(), reason);
    }

    /** Cuts the uplink to alarms only; false when there is no control or it failed. Never throws. */
    static boolean restrict(UplinkControl control, String reason) {
        if (control == null) {
            return false;
        }
        try {
            control.restrict(EnumSet.of(Priority.ALARM), reason);
            return true;
        } catch (RuntimeException e) {
            // the uplink is going away under us (hot swap); the coordinator re-applies when it is back
            LOG.warn("Uplink control failed to restrict telemetry to alarms: {}", e.toString());
            return false;
        }
    }

    @Override
    public boolean unrestrictTelemetry(String reason) {
        UplinkControl control = uplinkControl.get();
        if (control == null) {
            return false;
        }
        try {
            control.unrestrict();
            return true;
        } catch (RuntimeException e) {
            // a new uplink component starts unrestricted anyway
            LOG.warn("Uplink control failed to lift the telemetry restriction ({}): {}", reason, e.toString());
            return false;
        }
    }

    @Override
    public List<String> stopBundles(List<String> symbolicNames, String reason) {
        List<String> done = new ArrayList<>();
        for (String bsn : symbolicNames) {
            for (Bundle b : bundles(bsn)) {
                if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
                    try {
                        b.stop(Bundle.STOP_TRANSIENT);
                        done.add(bsn);
                    } catch (BundleException | IllegalStateException | SecurityException e) {
                        LOG.warn("Could not stop {} ({}): {}", bsn, reason, e.getMessage());
                    }
                }
            }
        }
        return done;
    }

    @Override
    public List<String> startBundles(List<String> symbolicNames, String reason) {
        List<String> done = new ArrayList<>();
        for (String bsn : symbolicNames) {
            for (Bundle b : bundles(bsn)) {
                if (b.getState() == Bundle.RESOLVED || b.getState() == Bundle.INSTALLED) {
                    try {
                        b.start(Bundle.START_TRANSIENT);
                        done.add(bsn);
                    } catch (BundleException | IllegalStateException | SecurityException e) {
                        LOG.warn("Could not start {} again ({}): {}", bsn, reason, e.getMessage());
                    }
                }
            }
        }
        return done;
    }

    @Override
    public String restartBundleOf(String component, String reason) {
        Bundle b = bundleOfComponent.apply(component);
        if (b == null) {
            return "no bundle registers " + component + " now";
        }
        if (b.getBundleId() == 0 || b.getBundleId() == context.getBundle().getBundleId()) {
            return component + " belongs to " + b.getSymbolicName() + ", which the coordinator does not restart";
        }
        try {
            b.stop(Bundle.STOP_TRANSIENT);
            b.start(Bundle.START_TRANSIENT);
            return null;
        } catch (BundleException | IllegalStateException | SecurityException e) {
            return "restart of " + b.getSymbolicName() + " failed: " + e.getMessage();
        }
    }

    private List<Bundle> bundles(String bsn) {
        List<Bundle> out = new ArrayList<>();
        long self = context.getBundle().getBundleId();
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && b.getBundleId() != 0 && b.getBundleId() != self) {
                out.add(b);
            }
        }
        return out;
    }
}
