package org.cabinetgw.power.internal.meter;

/** The register maps a meter configuration can name. */
public enum Preset {
    /** Eastron SDM630 three-phase meter. */
    SDM630,
    /** Any SunSpec meter (models 201-204, 211-214), found by SunSpec discovery. */
    SUNSPEC,
    /** The generic UPS map (see the README). */
    UPS_GENERIC,
    /** The custom points of the configuration. */
    CUSTOM
}
