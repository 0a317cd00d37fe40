package org.cabinetgw.failover.internal;

import java.util.Locale;

import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;

/**
 * Whether mains is lost, as the coordinator judges it for its rule, its episodes and its findings: by the mains
 * meter when there is one (LOST, unless the cabinet is already back on mains within mains' restore delay; a silent
 * meter proves nothing, and a UPS on battery with mains in band is testing itself); only without a mains meter by
 * the cabinet being off mains, which is the UPS's and generator's view.
 */
final class MainsLoss {

    private MainsLoss() {
    }

    /** Why mains counts as lost, or null when it does not (or there is no power monitor). */
    static String reason(PowerStatus p) {
        if (p == null) {
            return null;
        }
        SourceState mains = p.sources().get(MeterRole.MAINS);
        if (mains != null) {
            // LOST while the cabinet is on mains: mains is back and feeds, its restore delay still running
            return mains == SourceState.LOST && p.state() != PowerState.ON_MAINS
                    ? "mains lost (mains meter LOST, cabinet " + p.state() + ")" : null;
        }
        return offMains(p.state()) ? "mains lost (" + p.state() + "; no mains meter: as the UPS and generator say)" : null;
    }

    static boolean offMains(PowerState s) {
        return s == PowerState.ON_GENERATOR || s == PowerState.ON_UPS_BATTERY || s == PowerState.BATTERY_LOW;
    }

    /** The mains source in a few words: "mains lost", "no mains meter", "mains meter silent", "mains degraded". */
    static String words(PowerStatus p) {
        SourceState mains = p.sources().get(MeterRole.MAINS);
        if (mains == null) {
            return "no mains meter";
        }
        return mains == SourceState.UNKNOWN ? "mains meter silent" : "mains " + mains.name().toLowerCase(Locale.ROOT);
    }
}
