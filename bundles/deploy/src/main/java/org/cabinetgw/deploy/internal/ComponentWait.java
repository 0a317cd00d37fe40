package org.cabinetgw.deploy.internal;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What a component configuration that is not active waits for, as the health gate judges it. A component held only
 * by its satisfying condition (Declarative Services 1.5) is not broken: it waits on purpose. On a gateway pair the
 * uplink's transports and the deploy permit wait for {@code cabinetgw.active} on the standby, and a package that
 * holds them runs exactly as configured; counting that as "not healthy" rolled back nothing but logged two ERROR
 * lines at each pair start and left the deploy agent DEGRADED on every standby.
 */
final class ComponentWait {

    private ComponentWait() {
    }

    /**
     * Null when the configuration waits for nothing the package needs (it is active, or only its satisfying
     * condition holds it); otherwise the names of the references it waits for.
     */
    static String missing(ComponentConfigurationDTO c) {
        if (c.state != ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            return null;
        }
        UnsatisfiedReferenceDTO[] waiting = c.unsatisfiedReferences == null ? new UnsatisfiedReferenceDTO[0]
                : c.unsatisfiedReferences;
        String names = Arrays.stream(waiting).map(r -> r.name)
                .filter(name -> !ComponentConstants.REFERENCE_NAME_SATISFYING_CONDITION.equals(name))
                .collect(Collectors.joining(", "));
        if (!names.isEmpty()) {
            return names;
        }
        // SCR saying "unsatisfied" without naming a reference is still a wait
        return waiting.length == 0 ? "a reference SCR does not name" : null;
    }
}
