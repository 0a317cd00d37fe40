package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.cabinetgw.ha.ActingPermit;
import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.SwitchoverResult;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.uplink.QueueReplicator;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the pair: the {@link HaPair} service, health {@code ha} and {@code ha.path.<name>}, the
 * events, and the condition {@code cabinetgw.active} while the node acts. Without a configured pair it is
 * STANDALONE: the condition is registered at once and nothing else runs (no socket, no thread).
 */
// The services are registered by hand (service = {}): DS would publish the configuration, the pair key and the
// witness password among it, as service properties, readable by every bundle and on the console's services page.
// So bnd cannot see the service: the capability says it (the servlet and the Gogo command require it).
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.cabinetgw.ha.HaPair,org.cabinetgw.health.HealthContributor\"")
@Component(configurationPid = HaComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = PairConfig.class)
public class HaComponent implements HaPair, HealthContributor {

    static final String PID = "org.cabinetgw.ha";
    static final String DATA_DIR = "cabinetgw.data.dir";
    private static final Logger LOG = LoggerFactory.getLogger(HaComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /** This node's uplink: at a takeover the replica of the old active's queue is handed to it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Uplink uplink;

    /** Configuration made on the active is applied on the standby through it (ConfigReplication). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    private volatile QueueReplication replication;
    private volatile ConfigReplication configReplication;
    private ServiceRegistration<ConfigurationListener> configListener;
    private ServiceRegistration<QueueReplicator> replicator;
    /** The data-path fence (ActingWindow), registered while a pair is configured; none when STANDALONE. */
    private ServiceRegistration<ActingPermit> permit;

    private BundleContext context;
    private ActiveCondition condition;
    private volatile PairRuntime runtime;
    private String nodeId;
    private long startedWall;
    private final List<ServiceRegistration<HealthContributor>> pathHealth = new ArrayList<>();
    private ServiceRegistration<HealthContributor> refusal;
    private ServiceRegistration<?> registration;
    private final Map<String, Health> healthShown = new HashMap<>();

    @Activate
    void activate(BundleContext context, PairConfig given, Map<String, Object> properties) throws IOException {
        this.context = context;
        this.startedWall = System.currentTimeMillis();
        this.condition = new ActiveCondition(context);
        PairConfig config;
        try {
            // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
            config = RenamedSettings.of(PID, HaComponent.class).config(PairConfig.class, given, properties, LOG::warn);
        } catch (IllegalArgumentException e) {
            refuse(e); // an old name's value that is not of its setting's type, named with both names
            return;
        }
        if (PairSettingsParser.standalone(config)) {
            nodeId = hostName();
            condition.set(true);
            register();
            LOG.info("No pair configured: STANDALONE, this node acts for the cabinet as always");
            return;
        }
        PairSettings settings;
        ReplicationSettings replicationSettings;
        try {
            settings = new PairSettingsParser(PairSettingsParser::assignedHere).parse(config, hostName());
            replicationSettings = ReplicationSettings.parse(config.replication_port(), config.replication_mode(),
                    config.replication_timeout_millis(), settings.paths());
        } catch (IllegalArgumentException e) {
            refuse(e); // a configuration error: this node must not act on a guess, and says why (no stack trace)
            return;
        }
        nodeId = settings.nodeId();
        try {
            runtime = new PairRuntime(settings, dataDir(context),
                    (scheduler, incarnation) -> witness(config, settings, scheduler, incarnation), this::post);
        } catch (IllegalArgumentException e) {
            refuse(e); // the witness's address, found unusable only when its client is made
            return;
        } catch (IOException | RuntimeException e) {
            LOG.error("The pair cannot start: {}", e.getMessage());
            condition.close();
            throw e;
        }
        if (replicationSettings.enabled()) {
            try {
                replication = new QueueReplication(settings, replicationSettings, dataDir(context), runtime.incarnation,
                        runtime.engine);
            } catch (IOException e) {
                runtime.close();
                runtime = null;
                refuse(new IllegalArgumentException(e.getMessage(), e)); // a port in use: named, no trace
                return;
            }
        }
        for (PathSpec p : settings.paths()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HealthContributor.COMPONENT, PairHealth.PATH_PREFIX + p.name());
            pathHealth.add(context.registerService(HealthContributor.class, () -> pathHealth(p.name()), props));
        }
        // before the first tick: the uplink binds the fence before this node can act
        permit = context.registerService(ActingPermit.class, runtime.engine.permit(), null);
        runtime.start(settings.intervalMs());
        if (replication != null) {
            replication.start();
            // no property: the uplink binds the one replicator there is
            replicator = context.registerService(QueueReplicator.class, replication.sender, null);
            configReplication = ConfigReplication.wire(settings.key(), replication, dataDir(context), runtime.engine,
                    () -> configAdmin == null ? null : new AdminConfigStore(configAdmin));
            configListener = context.registerService(ConfigurationListener.class, configReplication, null);
        }
        register();
        LOG.info("Pair {} as node {}: {} heartbeat paths, interval {} ms, timeout {} ms, witness {}", settings.pairId(),
                settings.nodeId(), settings.paths().size(), settings.intervalMs(), settings.timeoutMs(),
                runtime.witness.describe());
    }

    private static Witness witness(PairConfig c, PairSettings s, ScheduledExecutorService scheduler, long incarnation) {
        if (PairSettingsParser.blank(c.witness_mqtt_uri())) {
            return Witness.NONE;
        }
        String uri = PairSettingsParser.witnessUri(c.witness_mqtt_uri());
        String topic = PairSettingsParser.topicPrefix(c.witness_mqtt_topic());
        String password = c.witness_mqtt_password();
        try {
            return new MqttWitness(uri, topic, s.pairId(), s.nodeId(), incarnation, c.witness_mqtt_username(),
                    password == null ? null : password.toCharArray(), c.witness_mqtt_keep_alive_seconds(),
                    PairRuntime.MONOTONIC, scheduler);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new IllegalArgumentException("witness.mqtt.uri = '" + uri + "' cannot be used: " + e.getMessage());
        }
    }

    /** The replay at a takeover, for the coordinator's takeover episode (how many may be duplicates). */
    private void replayed(ReplicaReplay.Result r) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(HaEvents.REPLAYED, Map.of(HaEvents.COUNT, (long) r.replayed(), HaEvents.REFUSED,
                    (long) r.refused().size())));
        }
    }

    /** The engine's events: to Event Admin, and the role to the condition. */
    private void post(String topic, Map<String, Object> properties) {
        if (topic.equals(HaEvents.ROLE_CHANGED)) {
            Role role = Role.valueOf((String) properties.get(HaEvents.ROLE));
            QueueReplication q = replication;
            // the old active's accepted messages go to this node's uplink before anything acts here
            condition.set(role.acts(), role == Role.ACTIVE && q != null ? () -> replayed(q.takeOver(uplink)) : () -> {
            });
        }
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
            if (topic.equals(HaEvents.ROLE_CHANGED) || topic.equals(HaEvents.PATH_CHANGED)
                    || topic.equals(HaEvents.PEER_LOST) || topic.equals(HaEvents.PEER_BACK)) {
                // the health registry (and the failover coordinator) learn of it now, not at their next poll
                ea.postEvent(new Event(HealthEvents.CHANGED, Map.of(HealthEvents.COMPONENT, PairHealth.PAIR)));
            }
        }
    }

    static Path dataDir(BundleContext context) {
        String dir = context.getProperty(DATA_DIR);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "ha");
        }
        return context.getDataFile("ha").toPath();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    @Override
    public HaStatus status() {
        PairRuntime r = runtime;
        if (r == null) {
            return new HaStatus(nodeId == null ? "" : nodeId, "", Role.STANDALONE, startedWall,
                    "no pair configured", 0, "", null, false, List.of(), Witness.NONE.describe(), Map.of());
        }
        HaStatus s = r.engine.status();
        QueueReplication q = replication;
        if (q == null) {
            return s;
        }
        Map<String, Long> refused = new java.util.LinkedHashMap<>(s.refused());
        refused.putAll(q.refused());
        ConfigReplication c = configReplication;
        if (c != null) {
            refused.putAll(c.counters.snapshot());
        }
        return new HaStatus(s.nodeId(), s.pairId(), s.role(), s.sinceMillis(), s.reason(), s.epoch(), s.peerId(),
                s.peerRole(), s.peerAlive(), s.paths(), s.witness(), refused, s.witnessState(),
                s.role() == Role.ACTIVE ? q.state() : ReplicationState.NONE);
    }

    @Override
    public SwitchoverResult switchover() {
        PairRuntime r = runtime;
        if (r == null) {
            return new SwitchoverResult(false, "no pair configured: this node is STANDALONE");
        }
        SwitchoverResult result = r.engine.switchover();
        LOG.info("Planned switchover {}: {}", result.accepted() ? "accepted" : "refused", result.detail());
        return result;
    }

    @Override
    public Health health() {
        synchronized (healthShown) {
            Health h = PairHealth.pair(status(), healthShown.get(PairHealth.PAIR), Instant.now());
            healthShown.put(PairHealth.PAIR, h);
            return h;
        }
    }

    private Health pathHealth(String name) {
        PathStatus p = status().paths().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        synchronized (healthShown) {
            String key = PairHealth.PATH_PREFIX + name;
            Health h = p == null ? Health.down("not running", Instant.now())
                    : PairHealth.path(p, healthShown.get(key), Instant.now());
            healthShown.put(key, h);
            return h;
        }
    }

    /** Refused: no pair, the condition closed (this node does not act), the entry config:<pid> says which setting. */
    private void refuse(IllegalArgumentException e) {
        LOG.debug("The pair configuration {} is refused", PID, e);
        condition.close();
        condition = null; // closed once: stop() at deactivation must not close it again
        // a sender that does not wait for the condition (not configured to) is fenced too: never granted
        permit = context.registerService(ActingPermit.class, () -> false, null);
        refusal = ConfigurationRefusal.report(context, PID,
                "this node does not act for the cabinet (no pair, no cabinetgw.active condition)", e);
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        stop();
    }

    /** HaPair and the pair's health, with no property but the health component's name. */
    private void register() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthContributor.COMPONENT, PairHealth.PAIR);
        registration = context.registerService(new String[] {HaPair.class.getName(), HealthContributor.class.getName()},
                this, props);
    }

    private void stop() {
        if (configListener != null) {
            configListener.unregister();
            configListener = null;
            configReplication.close();
            configReplication = null;
        }
        if (replicator != null) {
            replicator.unregister();
            replicator = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        PairRuntime r = runtime;
        if (r != null) {
            r.silence();
            r.engine.permit().withdraw(); // no tick renews it any more: senders stop now
        }
        // the condition goes before the lease is released: nothing acts here once the peer may take over
        if (condition != null) {
            condition.close();
        }
        if (permit != null) {
            permit.unregister();
            permit = null;
        }
        if (r != null) {
            r.close();
        }
        QueueReplication q = replication;
        if (q != null) {
            q.close();
            replication = null;
        }
        for (ServiceRegistration<HealthContributor> h : pathHealth) {
            try {
                h.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
        pathHealth.clear();
        runtime = null;
    }
}
