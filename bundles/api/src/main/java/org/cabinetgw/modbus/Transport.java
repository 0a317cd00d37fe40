package org.cabinetgw.modbus;

/** How the gateway reaches a Modbus device. */
public enum Transport {
    /** Modbus TCP (MBAP header, port 502 by default). */
    TCP,
    /** RTU frames (with CRC, no MBAP header) tunnelled through a TCP socket, as serial-to-Ethernet gateways do. */
    RTU_OVER_TCP,
    /** RTU on a local serial port, usually RS-485. */
    RTU_SERIAL
}
