package org.cabinetgw.kura.bridge.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

/**
 * What Kura's ConfigurationService needs to see on a ConfigurableComponent service to list a component:
 * {@code service.pid} (the ConfigAdmin PID it reads and writes), {@code kura.service.pid} (the name the web
 * UI shows and snapshots use; Kura ignores a service without it) and, for an instance of a factory,
 * {@code service.factoryPid} (so Kura finds the factory's metatype). Pure values, no OSGi state.
 *
 * @param servicePid the ConfigAdmin PID: the component's PID, or the PID of one factory configuration
 * @param kuraPid    the name Kura shows
 * @param factoryPid the factory PID for a factory instance, null for a singleton
 */
record KuraListing(String servicePid, String kuraPid, String factoryPid) {

    static final String KURA_SERVICE_PID = "kura.service.pid";
    static final String SERVICE_PID = "service.pid";
    static final String SERVICE_FACTORYPID = "service.factoryPid";
    /** Marks our registrations, so they are told apart from Kura's own components (and found by tests). */
    static final String LISTED_BY = "cabinetgw.kura.listed.by";

    KuraListing {
        Objects.requireNonNull(servicePid, "servicePid");
        Objects.requireNonNull(kuraPid, "kuraPid");
    }

    /** A singleton component: Kura's own components use the PID as kura.service.pid, and so do we. */
    static KuraListing singleton(String pid) {
        return new KuraListing(pid, pid, null);
    }

    /**
     * One configuration of a factory. Kura writes {@code kura.service.pid} into the configurations it creates
     * itself; a configuration made elsewhere (our features' defaults, ConfigAdmin directly) has none, and
     * then its own PID names it: unique and, for the named configurations the OSGi Configurator makes
     * ({@code factory~name}), stable across restarts. Kura then writes that name into the configuration
     * when it registers it, so both sides agree afterwards.
     *
     * @param kuraServicePidProperty the configuration's {@code kura.service.pid} property, any type or null
     */
    static KuraListing factoryInstance(String servicePid, String factoryPid, Object kuraServicePidProperty) {
        Objects.requireNonNull(factoryPid, "factoryPid");
        String name = kuraServicePidProperty instanceof String s && !s.isBlank() ? s.trim() : servicePid;
        return new KuraListing(servicePid, name, factoryPid);
    }

    Dictionary<String, Object> serviceProperties(String bridgeName) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(SERVICE_PID, servicePid);
        p.put(KURA_SERVICE_PID, kuraPid);
        if (factoryPid != null) {
            p.put(SERVICE_FACTORYPID, factoryPid);
        }
        p.put(LISTED_BY, bridgeName);
        return p;
    }
}
