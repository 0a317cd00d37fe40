package org.cabinetgw.kura.bridge.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the configurable components of our bundles appear in Kura's web UI (see README for why this is what
 * Kura needs):
 * <ul>
 * <li>every singleton PID described by the Metatype of an ACTIVE bundle of ours gets a ConfigurableComponent
 * service with service.pid = kura.service.pid = the PID (Kura itself seeds the configuration from the
 * Metatype defaults, so a component that requires its configuration starts on Kura with those);</li>
 * <li>every configuration of one of our factory PIDs gets one, with service.factoryPid, and follows the
 * configuration as it is created and deleted (ConfigurationListener), whoever created it.</li>
 * </ul>
 * A bundle of ours that stops takes its listings with it; the bridge stopping takes all of them. It owns no
 * thread: the framework calls the bundle tracker, ConfigAdmin delivers the events.
 */
@Component(service = ConfigurationListener.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class KuraBridge implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(KuraBridge.class);

    /** The symbolic names of our bundles: Kura's own components list themselves. */
    static final String OURS = "org.cabinetgw.";

    private final ConfigurationAdmin configurationAdmin;
    private final MetaTypeService metaType;
    private final Listings listings;
    private final BundleTracker<Described> tracker;
    /** factory PID -> the bundle that describes it */
    private final Map<String, Long> factories = new ConcurrentHashMap<>();
    private final long self;

    /** What one bundle of ours describes in its Metatype. */
    private record Described(long bundleId, Set<String> pids, Set<String> factoryPids) {
    }

    @Activate
    public KuraBridge(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference MetaTypeService metaType) {
        this.configurationAdmin = configurationAdmin;
        this.metaType = metaType;
        this.self = context.getBundle().getBundleId();
        this.listings = new Listings(context, context.getBundle().getSymbolicName());
        this.tracker = new BundleTracker<Described>(context, Bundle.ACTIVE, null) {
            @Override
            public Described addingBundle(Bundle bundle, BundleEvent event) {
                try {
                    return describe(bundle);
                } catch (RuntimeException e) {
                    // a Metatype document the Metatype service cannot read: that bundle is not listed, the others are
                    LOG.warn("Kura bridge: cannot list the components of {}: {}", bundle.getSymbolicName(), e.toString());
                    forget(bundle.getBundleId());
                    return null;
                }
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Described d) {
                forget(d.bundleId());
            }
        };
        tracker.open();
        LOG.info("Kura bridge started: {} component(s) of our bundles listed for Kura's ConfigurationService", listings.size());
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        listings.close();
        factories.clear();
        LOG.info("Kura bridge stopped: our components are no longer listed for Kura");
    }

    private Described describe(Bundle bundle) {
        String bsn = bundle.getSymbolicName();
        if (bsn == null || !bsn.startsWith(OURS) || bundle.getBundleId() == self) {
            return null;
        }
        MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
        String[] pids = info == null ? null : info.getPids();
        String[] factoryPids = info == null ? null : info.getFactoryPids();
        if ((pids == null || pids.length == 0) && (factoryPids == null || factoryPids.length == 0)) {
            return null; // nothing configurable (the api, feature bundles): not tracked
        }
        Described d = new Described(bundle.getBundleId(), Set.copyOf(Arrays.asList(pids == null ? new String[0] : pids)),
                Set.copyOf(Arrays.asList(factoryPids == null ? new String[0] : factoryPids)));
        for (String pid : d.pids()) {
            listings.put(d.bundleId(), KuraListing.singleton(pid));
        }
        for (String factoryPid : d.factoryPids()) {
            factories.put(factoryPid, d.bundleId());
            for (Configuration c : configurations(Ldap.equal(KuraListing.SERVICE_FACTORYPID, factoryPid))) {
                list(d.bundleId(), factoryPid, c);
            }
        }
        LOG.debug("{}: listed {} singleton(s) and the configurations of {} factory PID(s) for Kura", bsn,
                d.pids().size(), d.factoryPids().size());
        return d;
    }

    private void forget(long bundleId) {
        factories.values().removeIf(owner -> owner == bundleId);
        listings.removeOwner(bundleId);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String factoryPid = event.getFactoryPid();
        Long owner = factoryPid == null ? null : factories.get(factoryPid);
        if (owner == null) {
            return; // a singleton (listed with its bundle) or not one of ours
        }
        switch (event.getType()) {
            case ConfigurationEvent.CM_DELETED -> listings.remove(event.getPid());
            case ConfigurationEvent.CM_UPDATED -> {
                Configuration[] found = configurations(Ldap.equal(KuraListing.SERVICE_PID, event.getPid()));
                if (found.length == 0) {
                    listings.remove(event.getPid()); // deleted again before this event was delivered
                } else {
                    list(owner, factoryPid, found[0]);
                }
            }
            default -> {
                // CM_LOCATION_CHANGED: the binding does not change what Kura lists
            }
        }
    }

    private void list(long owner, String factoryPid, Configuration c) {
        String pid = c.getPid();
        java.util.Dictionary<String, Object> properties;
        try {
            properties = c.getProperties();
        } catch (IllegalStateException deleted) {
            // deleted between being listed by ConfigAdmin and read here: its CM_DELETED event follows
            listings.remove(pid);
            return;
        }
        Object kuraPid = properties == null ? null : properties.get(KuraListing.KURA_SERVICE_PID);
        listings.put(owner, KuraListing.factoryInstance(pid, factoryPid, kuraPid));
    }

    private Configuration[] configurations(String filter) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Kura bridge: cannot list configurations {}: {}", filter, e.getMessage());
            return new Configuration[0];
        }
    }
}
