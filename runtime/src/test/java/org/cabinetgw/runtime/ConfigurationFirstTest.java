package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which feature configurations are a component's (ConfigurationFirst); reading descriptors: ComponentDescriptorsTest. */
class ConfigurationFirstTest {

    @Test
    void aFactoryConfigurationBelongsToTheComponentOfItsFactoryPid() {
        Set<String> rules = Set.of("org.cabinetgw.failover.rule");
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.failover.rule~battery-low", rules)).isTrue();
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.failover.rule", rules)).isTrue();
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.failover.rules~x", rules)).isFalse();
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.dashboard", rules)).isFalse();
    }
}
