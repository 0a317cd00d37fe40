package org.cabinetgw.failover.itest;

import java.util.Dictionary;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Before a test class runs: the coordinator has the tests' defaults ({@link Fixture#TEST_DEFAULTS}: no startup
 * settle time, so rules act as soon as a test provokes them). Done once per framework; a test that changes the
 * coordinator's configuration puts these back with {@link Fixture#restoreCoordinatorDefaults}.
 */
public class CoordinatorTestDefaults implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        BundleContext context = FrameworkUtil.getBundle(CoordinatorTestDefaults.class).getBundleContext();
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        cm.open();
        try {
            ConfigurationAdmin admin = cm.waitForService(10_000);
            if (admin == null) {
                throw new AssertionError("no ConfigurationAdmin within 10 s");
            }
            Configuration config = admin.getConfiguration(Fixture.COORDINATOR_PID, "?");
            Dictionary<String, Object> current = config.getProperties();
            boolean applied = current != null && Fixture.TEST_DEFAULTS.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(current.get(e.getKey())));
            if (!applied) {
                ServiceReference<?> before = context.getServiceReference(org.cabinetgw.failover.FailoverCoordinator.class);
                long id = before == null ? -1 : (Long) before.getProperty("service.id");
                config.update(Fixture.coordinatorConfig());
                Fixture.awaitCoordinator(context, id, 10_000);
            }
        } finally {
            cm.close();
        }
    }
}
