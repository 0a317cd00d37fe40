package org.cabinetgw.deploy.internal;

import java.util.Map;

import org.cabinetgw.testing.AnnotationConfig;


/** A {@link DeployAgentConfig} as DS would make it: each attribute's default unless given. */
final class Configs {

    private Configs() {
    }

    static DeployAgentConfig config(Map<String, Object> overrides) {
        return AnnotationConfig.of(DeployAgentConfig.class, overrides);
    }

    static AgentSettings settings(Map<String, Object> overrides) {
        return SettingsValidator.validate(config(overrides));
    }
}
