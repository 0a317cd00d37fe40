package org.cabinetgw.failover.internal;

import java.util.ArrayDeque;
import java.util.function.Supplier;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator sends to the cloud (alarms, the cabinet state, episodes), handed to the uplink, or held
 * while no uplink takes it. The uplink is a bundle the cloud updates like any other: while it is replaced
 * (a fraction of a second) there is no {@link Uplink} service, or the one still bound refuses as
 * {@code UNAVAILABLE}. An alarm raised then must not be lost: it is held in memory, in order, and handed over
 * as soon as an uplink takes messages again. At most {@link #MAX_HELD} are held (a cabinet may have no uplink
 * at all); beyond, the oldest goes, with a log line. A message the uplink refuses for good (too large, queue
 * full for its priority, storage failing) is not held: the uplink has already said why.
 */
final class UplinkHandover {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkHandover.class);
    static final int MAX_HELD = 1000;

    private enum Outcome { TAKEN, NOT_NOW, REFUSED }

    private final Supplier<Uplink> uplink;
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    private long dropped;

    UplinkHandover(Supplier<Uplink> uplink) {
        this.uplink = uplink;
    }

    /** True when the uplink took the message or it is held for the next one; false when refused for good. */
    synchronized boolean publish(Message m) {
        flush();
        if (held.isEmpty()) {
            Outcome o = offer(m);
            if (o != Outcome.NOT_NOW) {
                return o == Outcome.TAKEN;
            }
        }
        hold(m); // behind what is held already: the cloud gets them in the order they were given
        return true;
    }

    /** Hands what is held to the uplink, oldest first, until it takes no more. */
    synchronized void flush() {
        int before = held.size();
        while (!held.isEmpty()) {
            if (offer(held.peek()) == Outcome.NOT_NOW) {
                break;
            }
            held.poll();
        }
        if (before > 0 && held.isEmpty()) {
            LOG.info("Uplink back: {} held message(s) handed over", before);
        }
    }

    synchronized int held() {
        return held.size();
    }

    private void hold(Message m) {
        if (held.isEmpty()) {
            LOG.warn("No uplink takes messages now: holding {} message on {} (and what follows) until one does",
                    m.priority(), m.topic());
        }
        if (held.size() >= MAX_HELD) {
            Message oldest = held.poll();
            if (dropped++ % 100 == 0) {
                LOG.warn("{} messages held for the uplink: the oldest ({} on {}) dropped; {} dropped so far",
                        MAX_HELD, oldest.priority(), oldest.topic(), dropped);
            }
        }
        held.add(m);
    }

    private Outcome offer(Message m) {
        Uplink u = uplink.get();
        if (u == null) {
            return Outcome.NOT_NOW;
        }
        try {
            u.publish(m);
            return Outcome.TAKEN;
        } catch (UplinkRefusedException e) {
            if (e.reason() == UplinkRefusedException.Reason.UNAVAILABLE) {
                return Outcome.NOT_NOW; // stopping or not started yet: the next one will take it
            }
            LOG.warn("Uplink refused {} message on {}: {} ({})", m.priority(), m.topic(), e.getMessage(), e.reason());
            return Outcome.REFUSED;
        } catch (RuntimeException e) {
            // the service went away under the call (its bundle is stopping)
            LOG.debug("Uplink failed to take {} message on {}: {}", m.priority(), m.topic(), e.toString());
            return Outcome.NOT_NOW;
        }
    }
}
