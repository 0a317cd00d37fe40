package org.cabinetgw.power;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A configured power meter, registered as a service with the properties {@link #NAME} and {@link #ROLE}.
 */
@ProviderType
public interface Meter {

    /** Service property: the meter's name (String). */
    String NAME = "meter.name";
    /** Service property: its {@link MeterRole} name (String). */
    String ROLE = "meter.role";

    String name();

    MeterRole role();

    /** The last reading; never null (stale and empty until the first poll answers). Does not block. */
    MeterReading lastReading();
}
