package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At a takeover: what the old active accepted and the cloud had not acknowledged (as far as this node learnt) is
 * handed to this node's uplink with the same ids, in the order the old active accepted it. Each message handed over
 * is marked acknowledged in the replica at once (this node's uplink holds it durably now), so a restart in the middle
 * hands over only the rest. A message the cloud did receive but whose acknowledgement had not reached this node is
 * sent twice: such duplicates carry an id the cloud has seen, and {@link Result#replayed()} bounds their number.
 */
final class ReplicaReplay {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReplay.class);

    /**
     * @param handedOver ids handed to the uplink, in order (each a possible duplicate of one the cloud saw)
     * @param refused    ids the uplink refused (left in the replica, handed over again at the next attempt)
     */
    record Result(List<String> handedOver, List<String> refused) {

        static final Result NONE = new Result(List.of(), List.of());

        /** How many were handed to the uplink. */
        int replayed() {
            return handedOver.size();
        }
    }

    private ReplicaReplay() {
    }

    static Result replay(ReplicaLog replica, Uplink uplink) throws IOException {
        List<String> handed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Message m : replica.pending()) {
            try {
                uplink.publish(m);
            } catch (UplinkRefusedException e) {
                refused.add(m.id());
                LOG.warn("Replaying {} after the takeover: the uplink refused it ({}); kept in the replica", m.id(),
                        e.getMessage());
                continue;
            }
            replica.acknowledge(List.of(m.id()));
            handed.add(m.id());
        }
        if (!handed.isEmpty() || !refused.isEmpty()) {
            LOG.info("Takeover: {} message(s) the old active had accepted and the cloud had not acknowledged handed to"
                    + " this node's uplink with their ids; {} refused", handed.size(), refused.size());
        }
        return new Result(List.copyOf(handed), List.copyOf(refused));
    }
}
