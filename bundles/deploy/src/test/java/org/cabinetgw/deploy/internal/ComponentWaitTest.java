package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** The DTOs as Felix SCR fills them for a component of the uplink on a pair's standby, and for a real wait. */
class ComponentWaitTest {

    @Test
    void aComponentHeldOnlyByItsSatisfyingConditionWaitsOnPurpose() {
        assertThat(ComponentWait.missing(unsatisfied("osgi.ds.satisfying.condition"))).isNull();
    }

    @Test
    void aMissingServiceIsNamedAlsoBesideTheCondition() {
        assertThat(ComponentWait.missing(unsatisfied("osgi.ds.satisfying.condition", "ConfigurationAdmin")))
                .isEqualTo("ConfigurationAdmin");
        assertThat(ComponentWait.missing(unsatisfied("Scheduler", "EventAdmin"))).isEqualTo("Scheduler, EventAdmin");
    }

    @Test
    void anUnsatisfiedComponentThatNamesNothingIsStillAWait() {
        ComponentConfigurationDTO c = unsatisfied();
        c.unsatisfiedReferences = null;
        assertThat(ComponentWait.missing(c)).isEqualTo("a reference SCR does not name");
    }

    @Test
    void activeAndSatisfiedComponentsWaitForNothing() {
        for (int state : new int[] { ComponentConfigurationDTO.ACTIVE, ComponentConfigurationDTO.SATISFIED,
                ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION }) {
            ComponentConfigurationDTO c = new ComponentConfigurationDTO();
            c.state = state;
            assertThat(ComponentWait.missing(c)).isNull();
        }
    }

    private static ComponentConfigurationDTO unsatisfied(String... references) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[references.length];
        for (int i = 0; i < references.length; i++) {
            c.unsatisfiedReferences[i] = new UnsatisfiedReferenceDTO();
            c.unsatisfiedReferences[i].name = references[i];
        }
        return c;
    }
}
