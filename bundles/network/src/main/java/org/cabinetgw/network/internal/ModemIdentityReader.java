package org.cabinetgw.network.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.network.ModemIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modem's identity for a cloud console (Kura's BIRTH: IMEI, ICCID, IMSI, RSSI, firmware) from each poll's
 * {@code mmcli -m} output, the SIM's ICCID and IMSI from {@code mmcli -i <sim> -K}, read once per SIM (again when
 * the modem names another SIM: a swap), not at every poll.
 */
final class ModemIdentityReader {

    private static final Logger LOG = LoggerFactory.getLogger(ModemIdentityReader.class);

    private final String link;
    private final CommandRunner runner;
    private final String mmcli;
    private String simRead;
    private Map.Entry<String, String> iccidAndImsi = Map.entry("", "");
    private volatile ModemIdentity identity;

    ModemIdentityReader(String link, CommandRunner runner, String mmcli) {
        this.link = link;
        this.runner = runner;
        this.mmcli = mmcli;
    }

    /** The identity as of the last {@link #update}; empty before the first. */
    Optional<ModemIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** Called with each poll's status (on the poll's thread). */
    void update(ModemStatus status) {
        if (!status.sim().equals(simRead)) {
            iccidAndImsi = readSim(status.sim());
            simRead = status.sim();
        }
        identity = new ModemIdentity(link, status.imei(), iccidAndImsi.getKey(), iccidAndImsi.getValue(),
                rssiDbm(status.signalQuality()), status.revision());
    }

    private Map.Entry<String, String> readSim(String sim) {
        if (sim.isEmpty() || sim.equals("/")) {
            return Map.entry("", ""); // no SIM inserted: ModemManager says "--" or "/"
        }
        try {
            CommandRunner.Result r = runner.run(List.of(mmcli, "-i", sim, "-K"));
            if (r.exitCode() == 0) {
                return MmcliParser.simIccidAndImsi(r.output());
            }
            LOG.info("Cellular link {}: mmcli -i {} failed with exit code {}; ICCID and IMSI unknown", link, sim,
                    r.exitCode());
        } catch (RoutingException | IllegalArgumentException e) {
            LOG.info("Cellular link {}: the SIM could not be read ({}); ICCID and IMSI unknown", link, e.getMessage());
        }
        return Map.entry("", "");
    }

    /**
     * ModemManager's signal quality (0..100 %) is 3GPP's CSQ (0..31) scaled; CSQ n is -113 + 2n dBm, as Kura reports
     * {@code modem_rssi}. So 0 % is -113 dBm and 100 % is -51 dBm; unknown stays unknown.
     */
    static int rssiDbm(int signalQualityPercent) {
        if (signalQualityPercent < 0 || signalQualityPercent > 100) {
            return ModemIdentity.RSSI_UNKNOWN;
        }
        return -113 + 2 * (int) Math.round(signalQualityPercent * 31 / 100.0);
    }
}
