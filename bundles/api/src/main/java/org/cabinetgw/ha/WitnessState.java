package org.cabinetgw.ha;

/** Whether this node can ask the pair's witness now. */
public enum WitnessState {
    /** No witness configured (or no pair). */
    NONE,
    /** Connected, and what it holds has been received: a silent peer can be confirmed gone. */
    REACHABLE,
    /** Configured but not reachable: a silent peer cannot be confirmed gone. */
    UNREACHABLE
}
