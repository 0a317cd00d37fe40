package org.cabinetgw.network.internal;

import java.util.List;

/**
 * What ModemManager says about a modem. Every field may be unknown: mmcli versions and modems differ in what
 * they print. Unknown text is empty, unknown signal quality is -1.
 *
 * @param state              modem state: {@code connected}, {@code registered}, {@code searching}, {@code failed}...
 * @param accessTechnologies e.g. {@code [lte]}, {@code [umts, hsdpa]}
 * @param signalQuality      0..100, -1 when unknown
 * @param registration       3GPP registration: {@code home}, {@code roaming}, {@code searching}, {@code denied}...
 * @param operatorName       e.g. {@code Telekom.de}
 * @param operatorCode       MCC+MNC, e.g. {@code 26201}
 * @param bearers            D-Bus paths of the modem's bearers
 * @param imei               the 3GPP IMEI, else the equipment identifier
 * @param revision           the firmware revision
 * @param sim                the D-Bus path of the SIM ({@code mmcli -i <sim>} reads its ICCID and IMSI)
 */
record ModemStatus(String state, List<String> accessTechnologies, int signalQuality, String registration,
        String operatorName, String operatorCode, List<String> bearers, String imei, String revision, String sim) {

    ModemStatus {
        accessTechnologies = List.copyOf(accessTechnologies);
        bearers = List.copyOf(bearers);
    }

    boolean connected() {
        return "connected".equals(state);
    }
}
