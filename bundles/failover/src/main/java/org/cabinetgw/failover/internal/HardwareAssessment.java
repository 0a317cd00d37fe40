package org.cabinetgw.failover.internal;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.WitnessState;

/**
 * The HARDWARE dimension: what is lost of the active/standby pair, from this node's {@code HaPair} status. Pure.
 *
 * <p>Severity: the cabinet is CRITICAL when possibly no gateway acts (this node does not act and no active peer is
 * heard) or when two nodes announce ACTIVE; everything else the pair lost (a standby, a heartbeat path, the witness)
 * is DEGRADED: the cabinet is served, a second fault would not be survived.
 */
final class HardwareAssessment {

    private HardwareAssessment() {
    }

    /**
     * Whether this node is a pair member that does not act now (starting, standby, demoted, fenced). Its uplink's
     * transports wait for {@code cabinetgw.active} on purpose (bundles/ha): "no working transport" there is how a
     * standby is meant to be, not a lost redundancy, and reporting it made every healthy standby's /health answer
     * 503 DOWN. What the pair itself lacks is said by {@link #findings}.
     */
    static boolean uplinkHeld(HaStatus s) {
        return s != null && s.role() != Role.STANDALONE && s.role() != Role.ACTIVE;
    }

    /** The findings; empty when the pair is whole, or there is no pair (STANDALONE or no ha bundle: null). */
    static List<Finding> findings(HaStatus s) {
        List<Finding> out = new ArrayList<>();
        if (s == null || s.role() == Role.STANDALONE) {
            return out;
        }
        String peer = s.peerId().isEmpty() ? "the peer" : s.peerId();
        switch (s.role()) {
            case ACTIVE -> {
                if (!s.peerAlive()) {
                    out.add(degraded("standby gateway missing (" + peer + " not heard on any heartbeat path)"));
                } else if (s.peerRole() == Role.ACTIVE) {
                    out.add(critical("split brain: " + peer + " announces ACTIVE too (this node's epoch " + s.epoch()
                            + "; the lower epoch demotes itself)"));
                } else if (s.peerRole() != Role.STANDBY) {
                    out.add(degraded("standby not ready (" + peer + " is " + s.peerRole() + ")"));
                } else if (s.replication() == ReplicationState.NOT_IN_SYNC
                        || s.replication() == ReplicationState.CATCHING_UP) {
                    out.add(degraded("standby not in sync (" + peer + " does not hold this node's uplink queue"
                            + (s.replication() == ReplicationState.CATCHING_UP ? " yet: catching up" : "")
                            + "; a takeover now could deliver late what only this node holds)"));
                }
            }
            case STANDBY -> {
                if (s.peerAlive() && s.peerRole() != Role.ACTIVE) {
                    out.add(critical("no active gateway: " + peer + " is " + s.peerRole() + ", this node STANDBY"));
                } else if (!s.peerAlive() && s.witnessState() == WitnessState.REACHABLE) {
                    // silent on every path, yet no takeover: the witness shows the peer still renewing its lease
                    out.add(degraded("split-brain risk: every heartbeat path to the active " + peer
                            + " lost; only the witness shows it active"));
                } else if (!s.peerAlive()) {
                    out.add(critical("no active gateway known: " + peer + " silent on every heartbeat path and the"
                            + " witness " + (s.witnessState() == WitnessState.NONE ? "not configured" : "unreachable")
                            + "; this node stays STANDBY"));
                }
            }
            case STARTING -> out.add(degraded("gateway pair starting: this node listens for " + peer));
            case DEMOTED -> {
                if (!s.peerAlive() || s.peerRole() != Role.ACTIVE) {
                    out.add(critical("this gateway stepped down (" + s.reason() + ") and no active gateway is heard"));
                }
            }
            default -> {
            }
        }
        if (s.peerAlive()) {
            // with the peer silent everywhere the paths say nothing more than the finding above
            for (PathStatus p : s.paths()) {
                if (!p.up()) {
                    out.add(degraded("heartbeat path " + p.name() + " lost (" + p.local() + " -> " + p.peer()
                            + (p.reason().isEmpty() ? "" : ": " + p.reason()) + ")"));
                }
            }
        }
        if (s.witnessState() == WitnessState.UNREACHABLE) {
            out.add(degraded("pair witness unreachable (" + s.witness() + "): a silent peer cannot be confirmed gone"));
        }
        return out;
    }

    private static Finding degraded(String phrase) {
        return new Finding(Dimension.HARDWARE, CabinetState.DEGRADED, phrase);
    }

    private static Finding critical(String phrase) {
        return new Finding(Dimension.HARDWARE, CabinetState.CRITICAL, phrase);
    }
}
