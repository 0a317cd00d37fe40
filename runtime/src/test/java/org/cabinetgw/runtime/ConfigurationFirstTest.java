package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which PIDs a bundle's components read, and which feature configurations are theirs (ConfigurationFirst). */
class ConfigurationFirstTest {

    @Test
    void aComponentReadsItsConfigurationPidElseItsName() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="org.example.Uplink"
                    configuration-pid="org.cabinetgw.uplink" configuration-policy="optional" immediate="true">
                  <implementation class="org.example.Uplink"/>
                </scr:component>""";
        assertThat(ConfigurationFirst.componentPids(xml)).containsExactly("org.cabinetgw.uplink");
        assertThat(ConfigurationFirst.componentPids("<component name=\"org.example.Plain\" immediate=\"true\">"))
                .containsExactly("org.example.Plain");
        assertThat(ConfigurationFirst.componentPids(
                "<scr:component name=\"org.example.Two\" configuration-pid=\"$ org.cabinetgw.shared\">"))
                .containsExactly("org.example.Two", "org.cabinetgw.shared");
    }

    @Test
    void noComponentNoPid() {
        assertThat(ConfigurationFirst.componentPids("")).isEmpty();
        assertThat(ConfigurationFirst.componentPids("<implementation class=\"x\"/>")).isEmpty();
        assertThat(ConfigurationFirst.componentPids("<scr:component configuration-policy=\"optional\">")).isEmpty();
    }

    @Test
    void aFactoryConfigurationBelongsToTheComponentOfItsFactoryPid() {
        Set<String> rules = Set.of("org.cabinetgw.failover.rule");
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.failover.rule~battery-low", rules)).isTrue();
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.failover.rule", rules)).isTrue();
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.failover.rules~x", rules)).isFalse();
        assertThat(ConfigurationFirst.belongsTo("org.cabinetgw.dashboard", rules)).isFalse();
    }
}
