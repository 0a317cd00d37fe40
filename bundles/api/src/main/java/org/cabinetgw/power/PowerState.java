package org.cabinetgw.power;

/** Which source feeds the cabinet. */
public enum PowerState {
    /** Mains is live and feeds the cabinet. */
    ON_MAINS,
    /** Mains is not live; the generator is. */
    ON_GENERATOR,
    /** Neither is live, or the UPS says it is on battery: the UPS bridges. */
    ON_UPS_BATTERY,
    /** On battery and the charge or runtime left is below its threshold: shut down soon. */
    BATTERY_LOW,
    /** Not enough fresh readings to tell (at start, or every meter silent). */
    UNKNOWN
}
