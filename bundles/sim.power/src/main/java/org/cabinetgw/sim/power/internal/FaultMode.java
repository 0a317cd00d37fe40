package org.cabinetgw.sim.power.internal;

/** How a simulated device misbehaves. */
enum FaultMode {
    /** Answers correctly. */
    NORMAL,
    /** Reads requests and never answers (a dead meter behind a live gateway). */
    SILENT,
    /** Answers every request with exception 6, server device busy. */
    EXCEPTION
}
