package org.cabinetgw.network;

/** What kind of medium a link runs over. */
public enum LinkType {
    /** Fiber or Ethernet. */
    WIRED,
    /** 4G/5G through a modem. */
    CELLULAR,
    /** A Wi-Fi client connection. */
    WIFI
}
