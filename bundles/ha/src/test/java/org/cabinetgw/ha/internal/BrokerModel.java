package org.cabinetgw.ha.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.ha.Role;

/**
 * The witness as the engine relies on it, in memory for the fake clock: each node's retained lease, the last will
 * published when a node's connection dies, and nodes cut off from it. {@link MqttWitnessTest} checks the real
 * broker keeps the same promises.
 */
final class BrokerModel {

    private final FakeClock clock;
    private final Map<String, PeerLease> leases = new HashMap<>();
    private final Set<String> cutOff = new HashSet<>();
    /** The incarnation each node's connection was made in (its leases and its will name it). */
    private final Map<String, Long> incarnations = new HashMap<>();
    /** Nodes of a release before the incarnation was in the lease: their leases name none. */
    private final Set<String> older = new HashSet<>();
    /** Half-open connections (the node's cable pulled, its TCP session not known dead yet): what each saw last. */
    private final Map<String, PeerLease> halfOpen = new HashMap<>();

    BrokerModel(FakeClock clock) {
        this.clock = clock;
    }

    /** The node's connection died (kill -9 closes its socket): the broker publishes its will, of that life. */
    synchronized void lastWill(String node) {
        PeerLease l = leases.get(node);
        leases.put(node, new PeerLease(PeerLease.RELEASED, l == null ? 0 : l.epoch(), incarnationOf(node),
                clock.getAsLong()));
    }

    /** The node runs a release whose leases and will name no incarnation (a rolling update). */
    synchronized void olderNode(String node) {
        older.add(node);
    }

    private long incarnationOf(String node) {
        return older.contains(node) ? PeerLease.UNKNOWN : incarnations.getOrDefault(node, PeerLease.UNKNOWN);
    }

    /** The node's witness connection made (as MqttWitness on connect): its own lease, STANDBY, of this life. */
    synchronized void connected(String node, long epoch) {
        leases.put(node, new PeerLease(PeerLease.STANDBY, epoch, incarnationOf(node), clock.getAsLong()));
    }

    /**
     * The node's network to the broker gone while its client still believes it connected (a pulled cable before the
     * keep-alive notices): reachable, but nothing it announces arrives or is acknowledged, and it sees the peer's
     * lease as it was.
     */
    synchronized void halfOpen(String node, String peer, boolean on) {
        if (on) {
            halfOpen.put(node, leases.get(peer));
        } else {
            halfOpen.remove(node);
        }
    }

    synchronized void cut(String node, boolean cut) {
        if (cut) {
            cutOff.add(node);
        } else {
            cutOff.remove(node);
        }
    }

    Witness witnessFor(String node, String peer, long incarnation) {
        synchronized (this) {
            incarnations.put(node, incarnation);
        }
        return new Witness() {
            long lastAck = -1;

            @Override
            public boolean configured() {
                return true;
            }

            @Override
            public boolean reachable() {
                synchronized (BrokerModel.this) {
                    return !cutOff.contains(node);
                }
            }

            @Override
            public PeerLease peerLease() {
                synchronized (BrokerModel.this) {
                    return halfOpen.containsKey(node) ? halfOpen.get(node) : leases.get(peer);
                }
            }

            @Override
            public long lastAcknowledged() {
                return lastAck;
            }

            @Override
            public void announce(Role role, long epoch) {
                synchronized (BrokerModel.this) {
                    if (cutOff.contains(node) || halfOpen.containsKey(node)) {
                        return;
                    }
                    String state = role == Role.ACTIVE ? PeerLease.ACTIVE
                            : role == Role.DEMOTED ? PeerLease.RELEASED : PeerLease.STANDBY;
                    leases.put(node, new PeerLease(state, epoch, incarnationOf(node), clock.getAsLong()));
                    lastAck = clock.getAsLong();
                }
            }

            @Override
            public String describe() {
                return "model";
            }

            @Override
            public void close() {
            }
        };
    }
}
