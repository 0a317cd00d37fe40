package org.cabinetgw.deploy.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link DeployAgentConfig} as DS would make it: each attribute's default unless given. */
final class Configs {

    private Configs() {
    }

    static DeployAgentConfig config(Map<String, Object> overrides) {
        return (DeployAgentConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(), new Class<?>[] { DeployAgentConfig.class },
                (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return DeployAgentConfig.class;
                    }
                    return method.getDefaultValue();
                });
    }

    static AgentSettings settings(Map<String, Object> overrides) {
        return SettingsValidator.validate(config(overrides));
    }
}
