package org.cabinetgw.kura.bridge.internal.cloud;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.uplink.HostedCloudConnection.Outcome;

/**
 * The messages Kura accepted and has not confirmed yet, by the id its publisher returned. A confirmation ends one;
 * a confirmation for an id not (yet) here is remembered a while, since Kura may confirm before {@code publish} has
 * returned the id to us. The deadline runs only while Kura is connected: messages Kura holds in its own store
 * through an outage are not sent a second time for it. Thread-safe; the outcomes are called outside the lock.
 */
final class PendingConfirmations {

    /** Early or foreign confirmations remembered (Kura confirms every message of the connection to each listener). */
    static final int EARLY_KEPT = 4096;

    private record Entry(Outcome outcome, long deadlineMillis) {
    }

    private long timeoutMillis;
    private final Map<String, Entry> pending = new LinkedHashMap<>();
    private final Set<String> early = new LinkedHashSet<>();
    private long unknown;

    PendingConfirmations(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Kura returned {@code id} for a message: it waits for its confirmation (or is delivered now if it came). */
    void accepted(String id, Outcome outcome, long nowMillis) {
        Entry replaced;
        synchronized (this) {
            if (early.remove(id)) {
                replaced = null;
            } else {
                replaced = pending.put(id, new Entry(outcome, nowMillis + timeoutMillis));
                if (replaced == null) {
                    return;
                }
            }
        }
        if (replaced == null) {
            outcome.delivered(); // confirmed before publish() returned the id
        } else {
            // Kura gave the same id twice: the older message can no longer be told apart; it is sent again
            replaced.outcome().failed("Kura returned id " + id + " for two messages");
        }
    }

    /** Kura confirmed {@code id}; false when it is not ours (yet). */
    boolean confirmed(String id) {
        Entry e;
        synchronized (this) {
            e = pending.remove(id);
            if (e == null) {
                unknown++;
                early.add(id);
                if (early.size() > EARLY_KEPT) {
                    Iterator<String> oldest = early.iterator();
                    oldest.next();
                    oldest.remove();
                }
                return false;
            }
        }
        e.outcome().delivered();
        return true;
    }

    /** While connected: the messages past their deadline fail (to be sent again); returns how many. */
    int expire(long nowMillis, String reason) {
        List<Outcome> late = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Entry> it = pending.values().iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.deadlineMillis() <= nowMillis) {
                    late.add(e.outcome());
                    it.remove();
                }
            }
        }
        fail(late, reason);
        return late.size();
    }

    /** A new timeout (the configuration changed): for messages handed over from now on. */
    synchronized void timeout(long millis) {
        this.timeoutMillis = millis;
    }

    /** Kura is connected again: every deadline starts over (the outage did not count). */
    synchronized void restartDeadlines(long nowMillis) {
        pending.replaceAll((id, e) -> new Entry(e.outcome(), nowMillis + timeoutMillis));
    }

    /** The publisher went away: nothing more will be confirmed through it; every waiting message fails. */
    int abandonAll(String reason) {
        List<Outcome> all;
        synchronized (this) {
            all = pending.values().stream().map(Entry::outcome).toList();
            pending.clear();
            early.clear();
        }
        fail(all, reason);
        return all.size();
    }

    synchronized int size() {
        return pending.size();
    }

    synchronized long unknownConfirmations() {
        return unknown;
    }

    private static void fail(List<Outcome> outcomes, String reason) {
        outcomes.forEach(o -> o.failed(reason));
    }
}
