package org.cabinetgw.uplink;

import org.osgi.annotation.versioning.ProviderType;

/** Query service of the uplink: registered by the component that provides the Uplink. */
@ProviderType
public interface UplinkStatus {

    /** The current state; cheap and non-blocking. */
    UplinkSnapshot snapshot();
}
