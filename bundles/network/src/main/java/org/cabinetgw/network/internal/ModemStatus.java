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
 */
record ModemStatus(String state, List<String> accessTechnologies, int signalQuality, String registration,
        String operatorName, String operatorCode, List<String> bearers) {

    ModemStatus {
        accessTechnologies = List.copyOf(accessTechnologies);
        bearers = List.copyOf(bearers);
    }

    boolean connected() {
        return "connected".equals(state);
    }
}
