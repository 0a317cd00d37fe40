package org.cabinetgw.health;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the core bundle: the current aggregated health. */
@ProviderType
public interface HealthService {

    /** A consistent snapshot of every component's health and the cabinet's. */
    CabinetHealth current();
}
