package org.cabinetgw.power;

/** What a meter measures. */
public enum MeterRole {
    /** The utility supply. */
    MAINS,
    /** The backup generator's output. */
    GENERATOR,
    /** The UPS (its battery state and output). */
    UPS,
    /** The cabinet's own feeder after the transfer switch: informational, never decides the source. */
    FEEDER
}
