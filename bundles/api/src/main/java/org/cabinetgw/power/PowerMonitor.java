package org.cabinetgw.power;

import org.osgi.annotation.versioning.ProviderType;

/** Service of the power-state component: the current {@link PowerStatus}. Cheap, never blocks. */
@ProviderType
public interface PowerMonitor {

    PowerStatus status();
}
