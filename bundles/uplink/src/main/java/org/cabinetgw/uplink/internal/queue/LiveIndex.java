package org.cabinetgw.uplink.internal.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.cabinetgw.telemetry.Priority;

/**
 * The live messages in memory: sequence, priority and where each is on disk, with the queue's limits by count
 * and bytes and the eviction that keeps them. Not thread-safe: guarded by the log's lock.
 */
final class LiveIndex {

    /** Where a live message is on disk. */
    static final class Entry {
        final long seq;
        final Priority priority;
        final boolean aggregate;
        final int size;
        Segment segment;
        long offset;

        Entry(long seq, Priority priority, boolean aggregate, int size, Segment segment, long offset) {
            this.seq = seq;
            this.priority = priority;
            this.aggregate = aggregate;
            this.size = size;
            this.segment = segment;
            this.offset = offset;
        }
    }

    private final long maxBytes;
    private final int maxMessages;
    private final NavigableMap<Long, Entry> live = new TreeMap<>();
    private final Map<Priority, TreeSet<Long>> byPriority = new EnumMap<>(Priority.class);
    private long liveBytes;

    LiveIndex(long maxBytes, int maxMessages) {
        this.maxBytes = maxBytes;
        this.maxMessages = maxMessages;
        for (Priority p : Priority.values()) {
            byPriority.put(p, new TreeSet<>());
        }
    }

    void add(Entry e) {
        live.put(e.seq, e);
        byPriority.get(e.priority).add(e.seq);
        liveBytes += e.size;
        e.segment.liveCount++;
        e.segment.liveBytes += e.size;
    }

    /** Removes the message; false when it was not live (acknowledged or evicted already, or unknown). */
    boolean remove(long seq) {
        Entry e = live.remove(seq);
        if (e == null) {
            return false;
        }
        byPriority.get(e.priority).remove(seq);
        liveBytes -= e.size;
        e.segment.liveCount--;
        e.segment.liveBytes -= e.size;
        return true;
    }

    Entry get(long seq) {
        return live.get(seq);
    }

    boolean contains(long seq) {
        return live.containsKey(seq);
    }

    int size() {
        return live.size();
    }

    long bytes() {
        return liveBytes;
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    int count(Priority priority) {
        return byPriority.get(priority).size();
    }

    /** The entries with a sequence above {@code afterSeq} up to {@code lastSeq}, in sequence order. */
    Collection<Entry> range(long afterSeq, long lastSeq) {
        return live.subMap(afterSeq, false, lastSeq, true).values();
    }

    /** The entries stored in the segment, in sequence order. */
    List<Entry> in(Segment segment) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : live.values()) {
            if (e.segment == segment) {
                out.add(e);
            }
        }
        return out;
    }

    /** Moves a live entry's accounting to where compaction copied it; an entry no longer live stays as it is. */
    void moved(Entry e, Segment to, long offset) {
        if (live.get(e.seq) != e) {
            return;
        }
        e.segment.liveCount--;
        e.segment.liveBytes -= e.size;
        e.segment = to;
        e.offset = offset;
        to.liveCount++;
        to.liveBytes += e.size;
    }

    /**
     * Makes room for a message of {@code priority} and {@code size}: evicts the oldest of the lowest
     * priority below it; telemetry may also evict older telemetry (a fresh reading is worth more than a
     * stale one). Alarms and events never evict their own kind. Returns false when there is no room.
     */
    boolean makeRoom(Priority priority, int size, List<Long> evictions, Map<Priority, Integer> evictedBy) {
        while (live.size() + 1 > maxMessages || liveBytes + size > maxBytes) {
            Long victim = null;
            Priority[] all = Priority.values();
            for (int i = all.length - 1; i >= 0 && victim == null; i--) {
                Priority candidate = all[i];
                boolean allowed = priority.outranks(candidate)
                        || (candidate == priority && priority == Priority.TELEMETRY);
                TreeSet<Long> set = byPriority.get(candidate);
                if (allowed && !set.isEmpty()) {
                    victim = set.first();
                }
            }
            if (victim == null) {
                return false;
            }
            Entry e = live.get(victim);
            remove(victim);
            evictions.add(victim);
            evictedBy.merge(e.priority, 1, Integer::sum);
        }
        return true;
    }
}
