package org.cabinetgw.uplink;

import java.util.List;

import org.cabinetgw.telemetry.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service the uplink tells what its durable queue gained and lost, so a second gateway (the standby of an
 * active/standby pair, bundles/ha) can keep a replica and deliver, after a takeover, what this node accepted and the
 * cloud did not acknowledge. The uplink uses at most one (the highest ranked); with none registered nothing changes.
 *
 * @since 1.2
 */
@ConsumerType
public interface QueueReplicator {

    /**
     * A message was stored durably; called on the publisher's thread before {@code Uplink.publish} returns. A
     * synchronous replicator returns once the replica holds it (and should batch concurrent callers into one round
     * trip); it must bound its own wait and never throw: the uplink has accepted the message whatever happens here.
     */
    void accepted(Message message);

    /**
     * The far side acknowledged these messages (by id); they left the queue. Called on a transport's thread: must not
     * block.
     */
    void acknowledged(List<String> ids);

    /**
     * The uplink that now tells this replicator offers its queue's contents (for a catch-up); called when the
     * replicator is bound. The default ignores it.
     *
     * @since 1.3
     */
    default void attached(QueueContents queue) {
    }
}
