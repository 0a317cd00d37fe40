package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration made on the active reaches the standby and is applied there, except what stays each node's own
 * ({@link ConfigScope}).
 *
 * <p><b>On the active</b> it is a {@link ConfigurationListener}: each change or deletion of a replicated PID (whoever
 * made it: the web console, Kura's UI, the cloud's CONF-V1, the site file) is read from ConfigurationAdmin, its
 * per-node keys left out, sealed ({@link ConfigSealing}) and sent as a {@code CONFIG} frame on the replication stream;
 * at each (re)connection of a standby that speaks these frames, {@link #snapshot} sends every replicated configuration
 * and then {@code CONFIG_SNAPSHOT_END} with their PIDs. <b>On the standby</b> {@link #received} applies each through
 * ConfigurationAdmin (unchanged ones are not written again, so no component restarts for nothing), keeping its own
 * values of the per-node keys, and at the snapshot's end deletes the replicated configurations the active no longer
 * has. A frame for a PID this node keeps as its own, outside the gateway's PIDs, with a value of another type or out
 * of bounds, or too large is refused, counted ({@code replication.CONFIG_<REASON>} in {@code GET /ha}) and written to
 * the {@link ConfigJournal}; the stream goes on (the frame was the active's own, authenticated). No value is ever
 * logged.
 */
final class ConfigReplication implements ConfigurationListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReplication.class);

    /** A frame to send: its type and sealed body. */
    record Outgoing(ReplicationFrame.Type type, byte[] body) {
    }

    /** Where frames go (the stream's sender, while this node is active and a standby listens). */
    interface Link {
        void send(Outgoing frame);
    }

    private final ConfigSealing sealing;
    private final Supplier<ConfigStore> store;
    private final BooleanSupplier active;
    private final Link link;
    private final ConfigJournal journal;
    final ReplicationCounters counters = new ReplicationCounters();
    private final AtomicLong applied = new AtomicLong();
    private final Set<String> unsentSaid = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Applies the active's frames in their order, off the thread that receives the stream: writing configurations
     * (one file each) must not hold up the queue's batches and their answers.
     */
    private final java.util.concurrent.ExecutorService applier = java.util.concurrent.Executors.newSingleThreadExecutor(
            org.cabinetgw.support.internal.threads.NamedThreads.factory("ha-config-apply"));

    ConfigReplication(byte[] pairKey, Supplier<ConfigStore> store, BooleanSupplier active, Link link,
            ConfigJournal journal) {
        this.sealing = new ConfigSealing(pairKey);
        this.store = store;
        this.active = active;
        this.link = link;
        this.journal = journal;
    }

    /**
     * Ties configuration replication to this node's replication stream: the sender carries its frames while this
     * node is ACTIVE, the receiver hands it the active's while it is the standby.
     */
    static ConfigReplication wire(byte[] pairKey, QueueReplication stream, java.nio.file.Path dir, PairEngine engine,
            Supplier<ConfigStore> store) {
        ConfigReplication c = new ConfigReplication(pairKey, store, () -> engine.role() == org.cabinetgw.ha.Role.ACTIVE,
                stream.sender::sendConfig,
                new ConfigJournal(dir.resolve("config-journal")));
        stream.sender.configSnapshot(c::snapshot);
        stream.receiver.onConfig(c::receivedLater);
        return c;
    }

    /** {@link #received}, on this node's applier thread, in the order received. */
    void receivedLater(ReplicationFrame.Type type, byte[] body) {
        try {
            applier.execute(() -> received(type, body));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the next snapshot brings it
        }
    }

    @Override
    public void close() {
        // no interrupt: it may be inside ConfigurationAdmin writing a file, and an interrupt could close its channel
        applier.shutdown();
        try {
            if (!applier.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("Configuration replication: a configuration still being applied after 5 s; left to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configurations applied here since start (changed ones; unchanged ones are not counted). */
    long applied() {
        return applied.get();
    }

    // ------------------------------------------------------------------------------------------------ the active

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_LOCATION_CHANGED) {
            return;
        }
        changed(event.getPid(), event.getFactoryPid(), event.getType() == ConfigurationEvent.CM_DELETED);
    }

    /** A configuration changed or was deleted here: sent to the standby while this node is active. */
    void changed(String pid, String factoryPid, boolean deleted) {
        ConfigStore s = store.get();
        if (!active.getAsBoolean() || s == null || !ConfigScope.replicated(pid, factoryPid)) {
            return; // (not active: the next active's snapshot carries this node's state)
        }
        try {
            ConfigChange c = deleted ? null : s.get(pid);
            Outgoing out = c == null ? outgoing(new ConfigChange(pid, factoryPid, null)) : outgoing(c);
            if (out != null) {
                link.send(out);
            }
        } catch (IOException | RuntimeException e) {
            // never thrown at ConfigurationAdmin's event thread; the standby's next snapshot carries this node's state
            LOG.warn("Configuration {} cannot be read to send it to the standby: {}", pid, e.toString());
            LOG.debug("Configuration {} not sent", pid, e);
        }
    }

    /**
     * Every replicated configuration, then the list of their PIDs: what a standby that just connected gets, so it
     * holds what the active holds whatever it missed while it was away.
     */
    List<Outgoing> snapshot() {
        ConfigStore s = store.get();
        if (s == null) {
            return List.of(); // no ConfigurationAdmin here yet: the standby keeps what it has
        }
        List<Outgoing> out = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        try {
            for (ConfigChange c : s.all()) {
                if (ConfigScope.replicated(c.pid(), c.factoryPid())) {
                    Outgoing o = outgoing(c);
                    if (o != null) {
                        out.add(o);
                    }
                    pids.add(c.pid() + (c.factoryPid() == null ? "" : "\n" + c.factoryPid()));
                }
            }
        } catch (IOException e) {
            LOG.warn("The configurations cannot be listed for the standby: {}; it keeps what it has", e.getMessage());
            return List.of();
        }
        out.add(new Outgoing(ReplicationFrame.Type.CONFIG_SNAPSHOT_END, ReplicationFrame.ids(pids)));
        return out;
    }

    private Outgoing outgoing(ConfigChange c) {
        Map<String, Object> props = null;
        if (!c.deleted()) {
            props = new LinkedHashMap<>(c.properties());
            props.keySet().removeAll(ConfigScope.localKeys(c.pid(), c.factoryPid()));
            props.keySet().removeAll(ConfigScope.ADMIN_KEYS);
        }
        try {
            byte[] body = new ConfigChange(c.pid(), c.factoryPid(), props).encode();
            if (body.length > ConfigChange.MAX_BODY) {
                throw new ConfigChange.Refused("CONFIG_OVERSIZED", body.length + " bytes");
            }
            return new Outgoing(ReplicationFrame.Type.CONFIG, sealing.seal(body));
        } catch (ConfigChange.Refused e) {
            if (unsentSaid.add(c.pid() + e.getMessage())) {
                LOG.warn("Configuration {} is not sent to the standby: {}", c.pid(), e.getMessage());
            }
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ the standby

    /** A configuration frame from the active (authenticated already); never throws. */
    void received(ReplicationFrame.Type type, byte[] body) {
        ConfigStore s = store.get();
        if (s == null) {
            refuse("?", "CONFIG_NOT_APPLIED", "no ConfigurationAdmin on this node (yet); the next snapshot brings it");
            return;
        }
        if (type == ReplicationFrame.Type.CONFIG_SNAPSHOT_END) {
            reconcile(s, body);
            return;
        }
        if (body.length > ConfigChange.MAX_BODY + 64) {
            refuse("?", "CONFIG_OVERSIZED", body.length + " bytes, at most " + ConfigChange.MAX_BODY);
            return;
        }
        ConfigChange c;
        try {
            c = ConfigChange.decode(sealing.open(body));
        } catch (ConfigChange.Refused e) {
            refuse("?", e.reason, e.getMessage());
            return;
        }
        if (!c.pid().startsWith(ConfigScope.NAMESPACE)) {
            refuse(c.pid(), "CONFIG_UNKNOWN_PID", "not a gateway configuration; this node's framework settings stay its own");
            return;
        }
        if (!ConfigScope.replicated(c.pid(), c.factoryPid())) {
            refuse(c.pid(), "CONFIG_LOCAL_PID", "each node keeps its own (ConfigScope)");
            return;
        }
        try {
            apply(s, c);
        } catch (IOException | RuntimeException e) {
            refuse(c.pid(), "CONFIG_NOT_APPLIED", "ConfigurationAdmin: " + e.getMessage());
            LOG.debug("Configuration {} not applied", c.pid(), e);
        }
    }

    private void apply(ConfigStore s, ConfigChange c) throws IOException {
        String pid = target(s, c);
        ConfigChange mine = s.get(pid);
        if (c.deleted()) {
            if (s.delete(pid)) {
                journal.deleted(pid, "deleted on the active");
            }
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>(c.properties());
        Set<String> local = ConfigScope.localKeys(c.pid(), c.factoryPid());
        props.keySet().removeAll(local); // the sender leaves them out; a sender that did not is not believed
        if (mine != null) {
            for (String k : local) {
                if (mine.properties().containsKey(k)) {
                    props.put(k, mine.properties().get(k));
                }
            }
        }
        String name = c.factoryPid() == null ? null : ConfigScope.standbyName(c.pid(), c.factoryPid());
        if (s.put(pid, c.factoryPid(), name, props)) {
            applied.incrementAndGet();
            journal.applied(pid, changedKeys(mine == null ? Map.of() : mine.properties(), props));
        }
    }

    /** This node's PID for the active's configuration (a generated factory PID is named after it here). */
    private static String target(ConfigStore s, ConfigChange c) throws IOException {
        if (c.factoryPid() == null || s.get(c.pid()) != null) {
            return c.pid();
        }
        return c.factoryPid() + "~" + ConfigScope.standbyName(c.pid(), c.factoryPid());
    }

    /** The snapshot's end: replicated configurations the active does not have are deleted here. */
    private void reconcile(ConfigStore s, byte[] body) {
        Set<String> keep = new HashSet<>();
        try {
            for (String entry : ReplicationFrame.ids(body)) {
                String[] parts = entry.split("\n", -1);
                if (parts.length > 2 || !ConfigScope.wellFormed(parts[0])
                        || parts.length == 2 && !ConfigScope.wellFormed(parts[1])) {
                    throw new ConfigChange.Refused("CONFIG_BAD_VALUE", "a snapshot's list with an entry that is no PID");
                }
                keep.add(parts[0]);
                if (parts.length == 2) {
                    keep.add(parts[1] + "~" + ConfigScope.standbyName(parts[0], parts[1]));
                }
            }
        } catch (ReplicationFrame.Refused | ConfigChange.Refused e) {
            refuse("?", "CONFIG_BAD_VALUE", "the snapshot's list is unreadable; nothing deleted");
            return;
        }
        try {
            for (ConfigChange mine : s.all()) {
                if (ConfigScope.replicated(mine.pid(), mine.factoryPid()) && !keep.contains(mine.pid())
                        && s.delete(mine.pid())) {
                    journal.deleted(mine.pid(), "not on the active (snapshot)");
                }
            }
        } catch (IOException e) {
            LOG.warn("The replicated configurations cannot be reconciled with the active's: {}", e.getMessage());
        }
    }

    private void refuse(String pid, String reason, String detail) {
        counters.count(reason);
        journal.refused(ConfigScope.wellFormed(pid) ? pid : "?", reason, detail);
    }

    private static Set<String> changedKeys(Map<String, Object> before, Map<String, Object> after) {
        Set<String> out = new TreeSet<>();
        for (String k : after.keySet()) {
            if (!same(before.get(k), after.get(k))) {
                out.add(k);
            }
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private static boolean same(Object a, Object b) {
        if (a != null && b != null && a.getClass().isArray() && b.getClass().isArray()) {
            if (Array.getLength(a) != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < Array.getLength(a); i++) {
                if (!Objects.equals(Array.get(a, i), Array.get(b, i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
