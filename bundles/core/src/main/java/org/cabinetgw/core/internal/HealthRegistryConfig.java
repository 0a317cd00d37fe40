package org.cabinetgw.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = HealthRegistry.PID,
        name = "Cabinet Gateway health registry",
        description = "Aggregates the health every component reports into one cabinet state.")
@interface HealthRegistryConfig {

    /** The range of recheck.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RECHECK_SECONDS_MIN = 1, RECHECK_SECONDS_MAX = 3600;

    @AttributeDefinition(
            name = "Re-check interval (s)",
            description = "How often every component's health is read again, as a safety net for a change "
                    + "whose event was lost. Changes are normally seen at once through events.",
            min = "" + RECHECK_SECONDS_MIN, max = "" + RECHECK_SECONDS_MAX)
    int recheck_seconds() default 10;
}
