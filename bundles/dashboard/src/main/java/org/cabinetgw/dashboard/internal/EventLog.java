package org.cabinetgw.dashboard.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The events seen since the dashboard started, kept in bounded lists: all of them (the newest
 * {@value #RECENT}) and, so a busy area cannot push them out, the ones each section lists (the newest
 * {@value #PER_KIND} per kind).
 */
final class EventLog {

    static final int RECENT = 200;
    static final int PER_KIND = 50;

    /** The lists a section shows, by the topics that feed them. */
    enum Kind {
        POWER_TRANSFERS("org/cabinetgw/power/TRANSFER", "org/cabinetgw/power/UPS_BRIDGED"),
        LINK_SWITCHES("org/cabinetgw/network/SWITCHED", "org/cabinetgw/failover/LINK_FAILOVER"),
        UPLINK("org/cabinetgw/uplink/"),
        STORAGE("org/cabinetgw/storage/"),
        DRILLS("org/cabinetgw/failover/DRILL_"),
        DEPLOY_JOURNAL("org/cabinetgw/deploy/");

        private final String[] prefixes;

        Kind(String... prefixes) {
            this.prefixes = prefixes;
        }

        boolean matches(String topic) {
            for (String p : prefixes) {
                if (topic.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Deque<JsonObject> recent = new ArrayDeque<>();
    private final Map<Kind, Deque<JsonObject>> byKind = new EnumMap<>(Kind.class);

    synchronized void add(String topic, JsonObject event) {
        push(recent, event, RECENT);
        for (Kind k : Kind.values()) {
            if (k.matches(topic)) {
                push(byKind.computeIfAbsent(k, x -> new ArrayDeque<>()), event, PER_KIND);
            }
        }
    }

    /** Newest first, at most {@code max}. */
    synchronized JsonArray recent(int max) {
        return newestFirst(recent, max);
    }

    synchronized JsonArray of(Kind kind) {
        Deque<JsonObject> d = byKind.get(kind);
        return d == null ? new JsonArray() : newestFirst(d, PER_KIND);
    }

    private static void push(Deque<JsonObject> d, JsonObject e, int max) {
        d.addLast(e);
        while (d.size() > max) {
            d.removeFirst();
        }
    }

    private static JsonArray newestFirst(Deque<JsonObject> d, int max) {
        JsonArray a = new JsonArray();
        var it = d.descendingIterator();
        while (it.hasNext() && a.size() < max) {
            a.add(it.next());
        }
        return a;
    }
}
