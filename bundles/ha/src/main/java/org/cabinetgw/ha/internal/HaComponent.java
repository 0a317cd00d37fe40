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

import org.cabinetgw.ha.HaEvents;
import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.SwitchoverResult;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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
@Component(configurationPid = HaComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {HaPair.class, HealthContributor.class}, property = HealthContributor.COMPONENT + "=" + PairHealth.PAIR)
@Designate(ocd = PairConfig.class)
public class HaComponent implements HaPair, HealthContributor {

    static final String PID = "org.cabinetgw.ha";
    static final String DATA_DIR = "cabinetgw.data.dir";
    private static final Logger LOG = LoggerFactory.getLogger(HaComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private BundleContext context;
    private ActiveCondition condition;
    private PairEngine engine;
    private HeartbeatSockets sockets;
    private Witness witness = Witness.NONE;
    private ScheduledExecutorService scheduler;
    private String nodeId;
    private long startedWall;
    private final List<ServiceRegistration<HealthContributor>> pathHealth = new ArrayList<>();
    private final Map<String, Health> healthShown = new HashMap<>();

    @Activate
    void activate(BundleContext context, PairConfig config) throws IOException {
        this.context = context;
        this.startedWall = System.currentTimeMillis();
        this.condition = new ActiveCondition(context);
        if (PairSettingsParser.standalone(config)) {
            nodeId = hostName();
            condition.set(true);
            LOG.info("No pair configured: STANDALONE, this node acts for the cabinet as always");
            return;
        }
        PairSettings settings;
        try {
            settings = new PairSettingsParser(PairSettingsParser::assignedHere).parse(config, hostName());
        } catch (IllegalArgumentException e) {
            // a configuration error: this node must not act on a guess, and says why (no stack trace)
            LOG.error("The pair configuration {} is refused: {}", PID, e.getMessage());
            condition.close();
            throw e;
        }
        nodeId = settings.nodeId();
        Path dir = dataDir(context);
        LongSupplier clock = () -> System.nanoTime() / 1_000_000;
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "ha-pair");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        try {
            long incarnation = new DurableCounter(dir.resolve("incarnation")).advance(System.currentTimeMillis());
            witness = witness(config, settings, clock);
            sockets = new HeartbeatSockets(settings.paths());
            engine = new PairEngine(settings, new DurableCounter(dir.resolve("epoch")), incarnation, witness, this::post,
                    sockets, clock, System::currentTimeMillis);
        } catch (IOException | RuntimeException e) {
            LOG.error("The pair cannot start: {}", e.getMessage());
            stop();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        for (PathSpec p : settings.paths()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HealthContributor.COMPONENT, PairHealth.PATH_PREFIX + p.name());
            pathHealth.add(context.registerService(HealthContributor.class, () -> pathHealth(p.name()), props));
        }
        sockets.start(engine::receive);
        if (witness instanceof MqttWitness m) {
            m.start();
        }
        long tick = Math.max(1, settings.intervalMs() / 4);
        scheduler.scheduleAtFixedRate(this::tick, 0, tick, TimeUnit.MILLISECONDS);
        LOG.info("Pair {} as node {}: {} heartbeat paths, interval {} ms, timeout {} ms, witness {}", settings.pairId(),
                settings.nodeId(), settings.paths().size(), settings.intervalMs(), settings.timeoutMs(),
                witness.describe());
    }

    private Witness witness(PairConfig c, PairSettings s, LongSupplier clock) {
        if (PairSettingsParser.blank(c.witness_mqtt_uri())) {
            return Witness.NONE;
        }
        String uri = PairSettingsParser.witnessUri(c.witness_mqtt_uri());
        String topic = PairSettingsParser.topicPrefix(c.witness_mqtt_topic());
        String password = c.witness_mqtt_password();
        try {
            return new MqttWitness(uri, topic, s.pairId(), s.nodeId(), c.witness_mqtt_username(),
                    password == null ? null : password.toCharArray(), c.witness_mqtt_keepalive_s(), clock, scheduler);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new IllegalArgumentException("witness.mqtt.uri = '" + uri + "' cannot be used: " + e.getMessage());
        }
    }

    private void tick() {
        try {
            engine.tick();
        } catch (RuntimeException e) {
            // the schedule must survive anything: a dead tick thread would freeze the role
            LOG.error("Pair tick failed", e);
        }
    }

    /** The engine's events: to Event Admin, and the role to the condition. */
    private void post(String topic, Map<String, Object> properties) {
        if (topic.equals(HaEvents.ROLE_CHANGED)) {
            condition.set(Role.valueOf((String) properties.get(HaEvents.ROLE)).acts());
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
        PairEngine e = engine;
        if (e == null) {
            return new HaStatus(nodeId == null ? "" : nodeId, "", Role.STANDALONE, startedWall,
                    "no pair configured", 0, "", null, false, List.of(), Witness.NONE.describe(), Map.of());
        }
        return e.status();
    }

    @Override
    public SwitchoverResult switchover() {
        PairEngine e = engine;
        if (e == null) {
            return new SwitchoverResult(false, "no pair configured: this node is STANDALONE");
        }
        SwitchoverResult r = e.switchover();
        LOG.info("Planned switchover {}: {}", r.accepted() ? "accepted" : "refused", r.detail());
        return r;
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

    @Deactivate
    void deactivate() {
        stop();
    }

    private void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sockets != null) {
            sockets.close();
        }
        // the condition goes before the lease is released: nothing acts here once the peer may take over
        if (condition != null) {
            condition.close();
        }
        if (witness != null) {
            witness.close();
        }
        for (ServiceRegistration<HealthContributor> r : pathHealth) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
        }
        pathHealth.clear();
        engine = null;
    }
}
