package org.cabinetgw.uplink;

/** The ways out of the gateway, in order of preference. */
public enum TransportKind {
    /** MQTT to the cloud broker: the primary transport. */
    MQTT,
    /** HTTPS POST of JSON batches: the fallback when MQTT cannot deliver. */
    HTTP,
    /** No transport is able to deliver (none configured, or all failing). */
    NONE
}
