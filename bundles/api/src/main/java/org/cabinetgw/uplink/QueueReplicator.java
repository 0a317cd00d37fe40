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
     * A message is about to be stored: called on the publisher's thread once the queue took it for its next group
     * commit and before that commit, so a synchronous replicator can send it now and its round trip overlaps the local
     * fsync instead of following it. Once the message is durable the uplink calls {@link Replication#await()} of the
     * result (and not {@link #accepted}) before {@code Uplink.publish} returns; if the queue refuses it after all, the
     * uplink calls {@link #acknowledged} with its id instead (it left the queue: the replica must not keep it). Like
     * {@link #accepted}: bounded, never throws. The default sends nothing now and calls {@link #accepted} in
     * {@code await}, as before this method existed.
     *
     * @since 1.5
     */
    default Replication replicating(Message message) {
        return () -> accepted(message);
    }

    /**
     * A message on its way to the replica ({@link #replicating}).
     *
     * @since 1.5
     */
    @FunctionalInterface
    interface Replication {
        /** Returns once the replica holds the message, or the replicator's own bound passed. Never throws. */
        void await();
    }

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
