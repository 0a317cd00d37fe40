package org.cabinetgw.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = HealthRegistry.PID,
        name = "Cabinet Gateway health registry",
        description = "Aggregates the health every component reports into one cabinet state.")
@interface HealthRegistryConfig {

    @AttributeDefinition(
            name = "Re-check interval (s)",
            description = "How often every component's health is read again, as a safety net for a change "
                    + "whose event was lost. Changes are normally seen at once through events.",
            min = "1", max = "3600")
    int recheck_seconds() default 10;
}
