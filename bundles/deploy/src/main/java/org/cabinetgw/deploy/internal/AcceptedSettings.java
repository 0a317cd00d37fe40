package org.cabinetgw.deploy.internal;

import java.lang.reflect.Proxy;

/**
 * The settings the agent runs on: the configured ones, or — when a setting is refused — every setting's default,
 * with the refusal to report. The agent is the one component that runs on its defaults rather than not at all: it
 * installs the packages the gateway ships with, so an agent that stopped for a typo would leave the gateway without
 * its features; and the defaults are the strictest (nothing trusted beyond the shipped certificate, nothing
 * unsigned, HTTPS only), so running on them never allows what the integrator meant to forbid.
 *
 * @param refused why the configuration was refused, naming the setting; null when it was accepted
 */
record AcceptedSettings(AgentSettings settings, TrustSource trust, IllegalArgumentException refused) {

    static AcceptedSettings of(DeployAgentConfig config, String shippedProperty) {
        try {
            AgentSettings s = SettingsValidator.validate(config);
            return new AcceptedSettings(s, TrustSource.resolve(s, shippedProperty), null);
        } catch (IllegalArgumentException e) {
            AgentSettings d = SettingsValidator.validate(defaults());
            return new AcceptedSettings(d, TrustSource.resolve(d, shippedProperty), e);
        }
    }

    /** Every attribute's default, as Declarative Services makes a configuration that sets none. */
    static DeployAgentConfig defaults() {
        return (DeployAgentConfig) Proxy.newProxyInstance(DeployAgentConfig.class.getClassLoader(),
                new Class<?>[] {DeployAgentConfig.class}, (proxy, method, args) -> method.getName().equals(
                        "annotationType") ? DeployAgentConfig.class : method.getDefaultValue());
    }
}
