package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.network.CellularModem;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What the cellular component registers, and when. SCR injects its dynamic references (Event Admin, the link
 * manager) after the constructor: a service registered from the constructor can be called before them, and is left
 * behind when the activation fails. Everything is registered by {@code activate()} and withdrawn by
 * {@code deactivate()}.
 */
class CellularComponentLifecycleTest {

    /** The framework's side, as far as the component uses it: which services are registered, which withdrawn. */
    private static final class RecordingContext {
        final List<String> registered = new ArrayList<>();
        final List<String> unregistered = new ArrayList<>();

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("registerService") || !(args[0] instanceof Class<?> type)) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        registered.add(type.getSimpleName());
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered.add(type.getSimpleName());
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    });
        }
    }

    @Test
    void nothingIsRegisteredBeforeActivateAndEverythingIsWithdrawnAtDeactivate() {
        RecordingContext framework = new RecordingContext();
        CellularComponent component = new CellularComponent(
                ConfigurationTest.config(CellularConfig.class, Map.of("link", "lte0", "mmcli_command", "true")),
                framework.context(), Map.of("service.pid", "org.cabinetgw.network.cellular~test"));
        assertThat(framework.registered).as("registered by the constructor").isEmpty();

        component.activate();
        assertThat(framework.registered).containsExactlyInAnyOrder(HealthContributor.class.getSimpleName(),
                CellularModem.class.getSimpleName());

        component.deactivate();
        assertThat(framework.unregistered).containsExactlyInAnyOrderElementsOf(framework.registered);
    }

    @Test
    void aRefusedConfigurationIsReportedAtActivateOnly() {
        RecordingContext framework = new RecordingContext();
        CellularComponent component = new CellularComponent(
                ConfigurationTest.config(CellularConfig.class, Map.of("modem", "--help")),
                framework.context(), Map.of("service.pid", "org.cabinetgw.network.cellular~bad"));
        assertThat(framework.registered).as("registered by the constructor").isEmpty();

        component.activate();
        assertThat(framework.registered).as("the refusal, nothing else").containsExactly(HealthContributor.class.getSimpleName());

        component.deactivate();
        assertThat(framework.unregistered).containsExactly(HealthContributor.class.getSimpleName());
    }
}
