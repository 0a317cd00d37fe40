package org.cabinetgw.secrets.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.cm.PersistenceManager;
import org.apache.felix.cm.file.FilePersistenceManager;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.data.GatewayData;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link EncryptingPersistenceManager} as ConfigurationAdmin's persistence, named
 * {@value #NAME}: with the framework property {@code felix.cm.pm=cabinetgw} Felix ConfigurationAdmin waits for it
 * and reads and writes configurations only through it. The files stay where Felix keeps them ({@code felix.cm.dir});
 * the key is {@code <cabinetgw.data.dir>/etc/config.key} (without a data directory, this bundle's data area).
 * A fault with the key or a stored secret is the health entry {@value #HEALTH}, DEGRADED, naming the file.
 */
public final class SecretsActivator implements BundleActivator {

    static final String NAME = "cabinetgw";
    static final String HEALTH = "config.secrets";
    static final String CM_DIR = "felix.cm.dir";
    private static final Logger LOG = LoggerFactory.getLogger(SecretsActivator.class);

    private ServiceTracker<MetaTypeService, MetaTypeService> metatype;
    private ServiceRegistration<PersistenceManager> registration;
    private ServiceRegistration<HealthContributor> health;
    private final Set<String> problems = ConcurrentHashMap.newKeySet();
    private BundleContext context;
    private volatile Health current;

    @Override
    public void start(BundleContext context) throws Exception {
        this.context = context;
        metatype = new ServiceTracker<>(context, MetaTypeService.class, null);
        metatype.open();
        FilePersistenceManager files = new FilePersistenceManager(context, context.getProperty(CM_DIR));
        EncryptingPersistenceManager pm = new EncryptingPersistenceManager(files, new ConfigKey(keyFile(context)),
                new SecretAttributes(new MetatypePasswords(context, metatype)), this::problem);
        pm.open();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PersistenceManager.PROPERTY_NAME, NAME);
        registration = context.registerService(PersistenceManager.class, pm, props);
        LOG.info("Configurations in {}, their secrets encrypted with {}", files.getLocation(), keyFile(context));
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
        }
        synchronized (problems) {
            if (health != null) {
                health.unregister();
                health = null;
            }
        }
        metatype.close();
    }

    static Path keyFile(BundleContext context) {
        return GatewayData.folder(context, "etc").resolve("config.key");
    }

    /**
     * One more fault: the health entry says them all. DEGRADED, as a refused configuration degrades the cabinet
     * without taking it down: the component that runs without its secret says itself what that costs it (the
     * uplink: "not authorized"), and the failover coordinator must not act on the cabinet for a lost key.
     */
    private void problem(String problem) {
        if (!problems.add(problem)) {
            return;
        }
        Health h = new Health(HealthState.DEGRADED, String.join("; ", problems), Instant.now());
        synchronized (problems) {
            if (health == null) {
                health = context.registerService(HealthContributor.class, this::currentHealth,
                        new Hashtable<>(Map.of(HealthContributor.COMPONENT, HEALTH)));
            }
            current = h;
        }
    }

    private Health currentHealth() {
        return current;
    }
}
