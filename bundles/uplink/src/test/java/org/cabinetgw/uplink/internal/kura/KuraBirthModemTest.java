package org.cabinetgw.uplink.internal.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.network.ModemIdentity;
import org.junit.jupiter.api.Test;

/** Kura's modem metrics in BIRTH, from the network bundle's modem identity, as Kura names and types them. */
class KuraBirthModemTest {

    private static final KuraBirthCertificate.Framework FRAMEWORK = new KuraBirthCertificate.Framework("cabinet-7",
            "0.1.0", "org.apache.felix.framework", "7.0.5");
    private static final MachineFacts NOTHING = new MachineFacts(null, null, null, null, null, null);

    @Test
    void theModemsIdentityIsInTheBirthAsKurasStringMetrics() throws Exception {
        AtomicReference<Optional<ModemIdentity>> modem = new AtomicReference<>(Optional.empty());
        KuraBirthCertificate c = new KuraBirthCertificate(FRAMEWORK, NOTHING, false, modem::get);
        KuraPayload before = KuraPayloadCodec.decode(KuraPayloadCodec.encode(c.birth(1, null, Set.of())));
        assertThat(before.metrics()).as("no modem read: left out, not invented").doesNotContainKeys("modem_imei",
                "modem_iccid", "modem_imsi", "modem_rssi", "modem_firmware_version");

        modem.set(Optional.of(new ModemIdentity("cellular", "866758041234567", "89490200001234567890", "262011234567890",
                -71, "EC25EFAR06A06M4G")));
        KuraPayload birth = KuraPayloadCodec.decode(KuraPayloadCodec.encode(c.birth(2, null, Set.of("CONF-V1"))));
        assertThat(birth.metrics()).containsEntry("modem_imei", "866758041234567")
                .containsEntry("modem_iccid", "89490200001234567890").containsEntry("modem_imsi", "262011234567890")
                .containsEntry("modem_rssi", "-71").containsEntry("modem_firmware_version", "EC25EFAR06A06M4G");
    }

    @Test
    void whatTheModemDoesNotSayIsLeftOut() throws Exception {
        KuraBirthCertificate c = new KuraBirthCertificate(FRAMEWORK, NOTHING, false, () -> Optional.of(
                new ModemIdentity("cellular", "866758041234567", "", "", ModemIdentity.RSSI_UNKNOWN, "")));
        KuraPayload birth = KuraPayloadCodec.decode(KuraPayloadCodec.encode(c.birth(1, null, Set.of())));
        assertThat(birth.metrics()).containsEntry("modem_imei", "866758041234567")
                .doesNotContainKeys("modem_iccid", "modem_imsi", "modem_rssi", "modem_firmware_version");
    }
}
