package org.cabinetgw.failover;

/** The redundancy dimensions of a cabinet. */
public enum Dimension {
    /** Mains, generator, UPS. */
    POWER,
    /** Wired, cellular and Wi-Fi links. */
    NETWORK,
    /** RAID arrays, disks, filesystems. */
    STORAGE,
    /** The transports to the cloud: MQTT and its HTTP fallback. */
    UPLINK,
    /** The gateway pair (active/standby). */
    HARDWARE,
    /** The gateway's own components and threads. */
    SOFTWARE
}
