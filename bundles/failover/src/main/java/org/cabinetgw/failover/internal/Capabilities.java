package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.UplinkStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's optional services, as bound now: the health contributors, the UPS meters, the power
 * monitor, the link manager and the uplink's status, control and publishing service. Each may come and go at
 * any moment; a read of one that fails (it is going away under us) counts as absent for this read.
 */
final class Capabilities {

    private static final Logger LOG = LoggerFactory.getLogger(Capabilities.class);

    private record Contributor(String name, HealthContributor service, Bundle bundle) {
    }

    /** A read of a service that may throw. */
    interface Read<T> {
        T get();
    }

    private final Map<Long, Contributor> contributors = new ConcurrentHashMap<>();
    private final Map<Long, Meter> upsMeters = new ConcurrentHashMap<>();
    private volatile PowerMonitor powerMonitor;
    private volatile LinkManager linkManager;
    private volatile UplinkStatus uplinkStatus;
    private volatile UplinkControl uplinkControl;
    private volatile Uplink uplink;
    // the gateway pair: the HARDWARE dimension (HardwareAssessment, PairEpisodes)
    private volatile HaPair haPair;

    void putContributor(long serviceId, String name, HealthContributor service, Bundle bundle) {
        contributors.put(serviceId, new Contributor(name, service, bundle));
    }

    void removeContributor(long serviceId) {
        contributors.remove(serviceId);
    }

    void putUpsMeter(long serviceId, Meter meter) {
        upsMeters.put(serviceId, meter);
    }

    void removeUpsMeter(long serviceId) {
        upsMeters.remove(serviceId);
    }

    void setHaPair(HaPair s) {
        haPair = s;
    }

    void unsetHaPair(HaPair s) {
        if (haPair == s) {
            haPair = null;
        }
    }

    /** The pair's status; null without a pair (or when it cannot be read). */
    HaStatus pairStatus() {
        HaPair p = haPair;
        return p == null ? null : read(p::status, "pair");
    }

    void setPowerMonitor(PowerMonitor s) {
        powerMonitor = s;
    }

    /** Unbinds the service unless another has replaced it meanwhile (DS binds the new one before unbinding the old). */
    void unsetPowerMonitor(PowerMonitor s) {
        if (powerMonitor == s) {
            powerMonitor = null;
        }
    }

    void setLinkManager(LinkManager s) {
        linkManager = s;
    }

    void unsetLinkManager(LinkManager s) {
        if (linkManager == s) {
            linkManager = null;
        }
    }

    void setUplinkStatus(UplinkStatus s) {
        uplinkStatus = s;
    }

    void unsetUplinkStatus(UplinkStatus s) {
        if (uplinkStatus == s) {
            uplinkStatus = null;
        }
    }

    void setUplinkControl(UplinkControl s) {
        uplinkControl = s;
    }

    void unsetUplinkControl(UplinkControl s) {
        if (uplinkControl == s) {
            uplinkControl = null;
        }
    }

    void setUplink(Uplink s) {
        uplink = s;
    }

    void unsetUplink(Uplink s) {
        if (uplink == s) {
            uplink = null;
        }
    }

    PowerMonitor powerMonitor() {
        return powerMonitor;
    }

    LinkManager linkManager() {
        return linkManager;
    }

    UplinkStatus uplinkStatus() {
        return uplinkStatus;
    }

    UplinkControl uplinkControl() {
        return uplinkControl;
    }

    Uplink uplink() {
        return uplink;
    }

    /** The power monitor's status, or null without one. */
    PowerStatus power() {
        PowerMonitor pm = powerMonitor;
        return pm == null ? null : read(pm::status, "power monitor");
    }

    /** The links, empty without a link manager. */
    List<LinkStatus> links() {
        LinkManager lm = linkManager;
        return lm == null ? List.of() : Objects.requireNonNullElse(read(lm::links, "link manager"), List.of());
    }

    /** The name of the link carrying traffic, or null. */
    String activeLink() {
        LinkManager lm = linkManager;
        return lm == null ? null : read(() -> lm.activeLink().map(LinkStatus::name).orElse(null), "link manager");
    }

    /** The uplink's snapshot, or null without an uplink status service. */
    UplinkSnapshot uplinkSnapshot() {
        UplinkStatus us = uplinkStatus;
        return us == null ? null : read(us::snapshot, "uplink status");
    }

    /**
     * Every contributor's health but {@code except}'s; one that throws or reports nothing is DOWN, and of two
     * contributors with the same name the worse counts.
     */
    Map<String, Health> components(Instant now, String except) {
        Map<String, Health> out = new HashMap<>();
        for (Contributor c : contributors.values()) {
            if (except.equals(c.name())) {
                continue;
            }
            Health h;
            try {
                h = c.service().health();
                if (h == null) {
                    h = Health.down("reported no health", now);
                }
            } catch (RuntimeException e) {
                h = Health.down("health check failed: " + e, now);
            }
            out.merge(c.name(), h, (a, b) -> a.state().compareTo(b.state()) >= 0 ? a : b);
        }
        return out;
    }

    /** The least fresh runtime left of the UPS meters, in seconds; null when none reads it. */
    Double upsRuntime() {
        Double least = null;
        for (Meter m : upsMeters.values()) {
            try {
                var v = m.lastReading().fresh(MeterReading.RUNTIME_LEFT);
                if (v.isPresent() && (least == null || v.getAsDouble() < least)) {
                    least = v.getAsDouble();
                }
            } catch (RuntimeException e) {
                LOG.debug("UPS meter reading failed: {}", e.toString());
            }
        }
        return least;
    }

    /** The bundle of the contributor named {@code component}, or null. */
    Bundle bundleOf(String component) {
        for (Contributor c : contributors.values()) {
            if (c.name().equals(component)) {
                return c.bundle();
            }
        }
        return null;
    }

    /** A capability that throws (going away under us) counts as absent for this assessment. */
    static <T> T read(Read<T> r, String what) {
        try {
            return r.get();
        } catch (RuntimeException e) {
            LOG.debug("Reading the {} failed: {}", what, e.toString());
            return null;
        }
    }

    /** The contributor's health component name: its property, else its PID, else its service id. */
    static String componentName(ServiceReference<?> ref) {
        Object name = ref.getProperty(HealthContributor.COMPONENT);
        if (name instanceof String s && !s.isBlank()) {
            return s;
        }
        Object pid = ref.getProperty(Constants.SERVICE_PID);
        return pid != null ? String.valueOf(pid) : "service." + ref.getProperty(Constants.SERVICE_ID);
    }
}
