package org.cabinetgw.network;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by the network bundle for each configured cellular link (service property {@link #LINK}): what its
 * modem said at its last poll. For whoever reports the device to a cloud (the uplink's Kura BIRTH certificate).
 *
 * @since 1.1
 */
@ProviderType
public interface CellularModem {

    /** Service property (String): the cellular link's configured name. */
    String LINK = "link";

    /** The modem's identity at its last successful poll; empty before the first one, or when ModemManager is absent. */
    Optional<ModemIdentity> identity();
}
