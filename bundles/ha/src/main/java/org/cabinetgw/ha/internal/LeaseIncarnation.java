package org.cabinetgw.ha.internal;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * Reads the {@code incarnation} field of a lease at the witness (the sender's start counter, as in its heartbeats).
 * The safe reading of a lease without one, or with one that is not a whole number from 0 to 2^53 - 1 (the exact
 * integers of JSON; the counter is about the wall clock in milliseconds), is {@link PeerLease#UNKNOWN}: such a lease
 * may be of any life of the peer, so a release in it is no proof once the peer was heard (WitnessEvidence), while an
 * active lease in it still holds the standby back. A node before this release writes none (a rolling update): its
 * takeover waits {@code lease.timeout.millis} until both run this one. Each case is said once per peer node.
 */
final class LeaseIncarnation {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseIncarnation.class);
    static final String FIELD = "incarnation";
    /** The largest integer a JSON number holds exactly. */
    static final long LARGEST = (1L << 53) - 1;

    private final String witness;
    private final Set<String> said = new HashSet<>();

    LeaseIncarnation(String witness) {
        this.witness = witness;
    }

    long read(String node, JsonElement e) {
        if (e == null || e.isJsonNull()) {
            sayOnce(node, "none", () -> LOG.info("Witness {}: the lease of {} names no incarnation (a node before this "
                    + "release?); its release is taken as proof only after lease.timeout.millis of silence", witness,
                    node));
            return PeerLease.UNKNOWN;
        }
        String text = e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber() ? e.getAsString() : null;
        if (text != null && text.length() <= 16 && !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(text) <= LARGEST) {
            return Long.parseLong(text);
        }
        String shown = e.toString().length() > 40 ? e.toString().substring(0, 40) + "..." : e.toString();
        sayOnce(node, "bad", () -> LOG.warn("Witness {}: the lease of {} names the incarnation {}, not a whole number "
                + "from 0 to 2^53-1; read as unknown (its release is no proof before lease.timeout.millis of silence)",
                witness, node, shown));
        return PeerLease.UNKNOWN;
    }

    /** What was said, as node/case: each at most once. */
    synchronized Set<String> said() {
        return Set.copyOf(said);
    }

    private synchronized void sayOnce(String node, String kind, Runnable say) {
        if (said.add(node + "/" + kind)) {
            say.run();
        }
    }
}
