package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.cabinetgw.uplink.TransportKind;

/**
 * Turns what the capabilities report into one cabinet state with the lost redundancy named per dimension.
 * Pure: the same input always gives the same findings.
 *
 * <p>The structured sources (power status, links, uplink snapshot, storage events) say precisely what is lost;
 * a component's health is used for a dimension only when those say nothing about it, so one fault is not
 * named twice ("single link (cellular)" and "link.wired DOWN").
 */
final class CabinetAssessment {

    /** The power-state component's health name. */
    private static final String POWER_COMPONENT = "power";

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::dimension)
            .thenComparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::phrase);

    private final long upsCriticalSeconds;

    /** @param upsCriticalSeconds on UPS battery with less runtime left than this, the cabinet is CRITICAL */
    CabinetAssessment(long upsCriticalSeconds) {
        this.upsCriticalSeconds = upsCriticalSeconds;
    }

    List<Finding> findings(AssessmentInput in) {
        List<Finding> out = new ArrayList<>();
        power(in, out);
        network(in, out);
        if (!in.uplinkHeld()) {
            uplink(in, out);
        }
        storage(in, out);
        out.addAll(in.hardware()); // the pair's own status says more than its health components
        Set<Dimension> named = out.stream().map(Finding::dimension)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Dimension.class)));
        if (in.uplinkHeld()) {
            named.add(Dimension.UPLINK); // the uplink's own health says "waiting for a transport": by design here
        }
        components(in, named, out);
        if (!in.deadlocked().isEmpty()) {
            out.add(new Finding(Dimension.SOFTWARE, CabinetState.DEGRADED,
                    "deadlocked threads: " + String.join(", ", in.deadlocked())));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** The status after {@code previous}: {@code since} is kept while the state is the same. */
    static CabinetStatus next(CabinetStatus previous, List<Finding> findings, Instant now) {
        CabinetState state = findings.stream().map(Finding::severity).reduce(CabinetState.NORMAL, CabinetState::worst);
        Instant since = previous != null && previous.state() == state ? previous.since() : now;
        return new CabinetStatus(state, since, findings);
    }

    private void power(AssessmentInput in, List<Finding> out) {
        if (in.power() == null) {
            return;
        }
        PowerState state = in.power().state();
        switch (state) {
            case ON_MAINS -> {
                // the redundancy is there; a silent generator is normal while mains feeds the cabinet. A feed out of
                // band is not: named with the value and the band the power component decided it on.
                if (in.power().sources().get(MeterRole.MAINS) == SourceState.DEGRADED) {
                    Health h = in.components().get(POWER_COMPONENT);
                    out.add(new Finding(Dimension.POWER, CabinetState.DEGRADED,
                            h != null && !h.reason().isEmpty() ? h.reason() : "on mains, degraded (out of band)"));
                }
            }
            case ON_GENERATOR -> out.add(new Finding(Dimension.POWER, CabinetState.DEGRADED,
                    "on generator (" + MainsLoss.words(in.power()) + ")"));
            case ON_UPS_BATTERY -> {
                Double left = in.upsRuntimeSeconds();
                boolean critical = left != null && left < upsCriticalSeconds;
                out.add(new Finding(Dimension.POWER, critical ? CabinetState.CRITICAL : CabinetState.DEGRADED,
                        "on UPS battery, " + runtime(left)));
            }
            case BATTERY_LOW -> out.add(new Finding(Dimension.POWER, CabinetState.CRITICAL,
                    "UPS battery low, " + runtime(in.upsRuntimeSeconds())));
            case UNKNOWN -> out.add(new Finding(Dimension.POWER, CabinetState.DEGRADED,
                    "power source unknown (" + MainsLoss.words(in.power()) + ", " + generator(in.power()) + ")"));
        }
    }

    private static String generator(PowerStatus p) {
        SourceState g = p.sources().get(MeterRole.GENERATOR);
        if (g == null) {
            return "no generator meter";
        }
        return switch (g) {
            case AVAILABLE, DEGRADED -> "generator live";
            case LOST -> "generator stopped";
            case UNKNOWN -> "generator meter silent";
        };
    }

    static String runtime(Double seconds) {
        if (seconds == null || seconds.isNaN() || seconds < 0) {
            return "runtime left unknown";
        }
        long s = seconds.longValue();
        return s < 120 ? s + " s left" : s / 60 + " min left";
    }

    private static void network(AssessmentInput in, List<Finding> out) {
        List<LinkStatus> links = in.links();
        if (links.isEmpty()) {
            return;
        }
        String drill = in.drill() == DrillKind.LINK ? " (drill)" : "";
        List<LinkStatus> usable = links.stream().filter(l -> l.state().usable()).toList();
        if (usable.isEmpty()) {
            out.add(new Finding(Dimension.NETWORK, CabinetState.CRITICAL, "no link up ("
                    + links.stream().map(l -> l.name() + " " + l.state()).collect(Collectors.joining(", ")) + ")" + drill));
            return;
        }
        if (links.size() >= 2 && usable.size() == 1) {
            out.add(new Finding(Dimension.NETWORK, CabinetState.DEGRADED, "single link (" + describe(usable.get(0)) + ")" + drill));
        } else if (in.activeLink() != null && !in.activeLink().equals(usable.get(0).name())) {
            // The preferred link is back but traffic has not failed back yet (hold time, flap damping).
            out.add(new Finding(Dimension.NETWORK, CabinetState.DEGRADED, "traffic on " + in.activeLink()
                    + " while " + usable.get(0).name() + " waits for fail-back" + drill));
        }
        for (LinkStatus l : usable) {
            if (l.state() == org.cabinetgw.network.LinkState.DEGRADED) {
                out.add(new Finding(Dimension.NETWORK, CabinetState.DEGRADED, "link " + l.name() + " degraded"
                        + (l.reason().isEmpty() ? "" : " (" + l.reason() + ")")));
            }
        }
    }

    private static String describe(LinkStatus l) {
        List<String> parts = new ArrayList<>();
        parts.add(l.name());
        String type = l.type().name().toLowerCase(Locale.ROOT);
        if (!l.name().equalsIgnoreCase(type)) {
            parts.add(type);
        }
        if (l.metered()) {
            parts.add("metered");
        }
        return String.join(", ", parts);
    }

    private static void uplink(AssessmentInput in, List<Finding> out) {
        if (in.uplink() == null) {
            return;
        }
        String drill = in.drill() == DrillKind.UPLINK ? " (drill)" : "";
        TransportKind t = in.uplink().activeTransport();
        if (t == TransportKind.HTTP) {
            out.add(new Finding(Dimension.UPLINK, CabinetState.DEGRADED, "uplink on HTTP fallback" + drill));
        } else if (t == TransportKind.NONE) {
            out.add(new Finding(Dimension.UPLINK, CabinetState.CRITICAL, "uplink has no working transport ("
                    + in.uplink().queuedMessages() + " messages queued)" + drill));
        }
    }

    private static void storage(AssessmentInput in, List<Finding> out) {
        for (StorageView.ArrayState a : in.storage().arrays().values()) {
            if (a.disappeared()) {
                out.add(new Finding(Dimension.STORAGE, CabinetState.CRITICAL, "RAID " + a.name() + " disappeared"));
            } else if (a.raidDevices() > 0 && a.workingDevices() == 0) {
                out.add(new Finding(Dimension.STORAGE, CabinetState.CRITICAL, "RAID " + a.name() + " failed"));
            } else if (a.degraded()) {
                String how = a.rebuilding() ? "rebuilding " + a.percent() + "%"
                        : a.spares() == 0 ? "no spare" : a.spares() == 1 ? "1 spare" : a.spares() + " spares";
                out.add(new Finding(Dimension.STORAGE, CabinetState.DEGRADED, "RAID " + a.name() + " degraded, " + how));
            }
        }
        in.storage().diskAlarms().forEach((disk, alarm) -> out.add(new Finding(Dimension.STORAGE,
                CabinetState.DEGRADED, "disk " + disk + " " + words(alarm))));
        in.storage().filesystemAlarms().forEach((fs, alarm) -> out.add(new Finding(Dimension.STORAGE,
                // A read-only or missing filesystem stops the durable queue: nothing can be kept for later.
                alarm.equals("READ_ONLY") || alarm.equals("NOT_MOUNTED") ? CabinetState.CRITICAL : CabinetState.DEGRADED,
                "filesystem " + fs + " " + words(alarm))));
    }

    private static String words(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static void components(AssessmentInput in, Set<Dimension> named, List<Finding> out) {
        for (Map.Entry<String, Health> e : in.components().entrySet()) {
            Health h = e.getValue();
            if (h.state() == HealthState.UP) {
                continue;
            }
            Dimension d = dimensionOf(e.getKey());
            if (named.contains(d)) {
                continue;
            }
            String phrase = d == Dimension.HARDWARE && !h.reason().isEmpty() ? h.reason()
                    : e.getKey() + " " + h.state() + (h.reason().isEmpty() ? "" : ": " + h.reason());
            out.add(new Finding(d, CabinetState.DEGRADED, phrase));
        }
    }

    /** The dimension a component belongs to, by the prefix of its health name. */
    static Dimension dimensionOf(String component) {
        String c = component.toLowerCase(Locale.ROOT);
        if (c.startsWith("power.") || c.equals("power")) {
            return Dimension.POWER;
        }
        if (c.startsWith("link.") || c.startsWith("network.") || c.startsWith("cellular.") || c.equals("network")) {
            return Dimension.NETWORK;
        }
        if (c.startsWith("storage.") || c.equals("storage")) {
            return Dimension.STORAGE;
        }
        if (c.startsWith("uplink.") || c.equals("uplink")) {
            return Dimension.UPLINK;
        }
        if (c.startsWith("ha.") || c.equals("ha")) {
            return Dimension.HARDWARE;
        }
        return Dimension.SOFTWARE;
    }
}
