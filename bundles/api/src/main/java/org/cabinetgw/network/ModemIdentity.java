package org.cabinetgw.network;

import java.util.Objects;

/**
 * What a cellular modem and its SIM say about themselves, as ModemManager reports them: the facts a cloud console
 * shows for a device (Kura's BIRTH metrics {@code modem_imei}, {@code modem_iccid}, {@code modem_imsi},
 * {@code modem_rssi}, {@code modem_firmware_version}). Every text is empty when unknown (no SIM, a modem that does
 * not say).
 *
 * @param link            the cellular link's configured name, e.g. {@code cellular}
 * @param imei            the modem's IMEI (3GPP), else its equipment identifier
 * @param iccid           the SIM's ICCID
 * @param imsi            the SIM's IMSI
 * @param rssiDbm         the received signal strength in dBm, derived from the signal quality ModemManager reports
 *                        (-113 dBm at 0 %, -51 dBm at 100 %, as 3GPP's CSQ scale); {@link #RSSI_UNKNOWN} when unknown
 * @param firmwareVersion the modem's firmware revision
 * @since 1.1
 */
public record ModemIdentity(String link, String imei, String iccid, String imsi, int rssiDbm, String firmwareVersion) {

    /** {@link #rssiDbm()} when the modem reports no signal quality. */
    public static final int RSSI_UNKNOWN = Integer.MIN_VALUE;

    public ModemIdentity {
        Objects.requireNonNull(link, "link");
        imei = imei == null ? "" : imei;
        iccid = iccid == null ? "" : iccid;
        imsi = imsi == null ? "" : imsi;
        firmwareVersion = firmwareVersion == null ? "" : firmwareVersion;
    }
}
