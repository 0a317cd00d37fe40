package org.cabinetgw.uplink.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkEvents;

/**
 * The engine's news as Event Admin events (topics and properties of {@link UplinkEvents}); a switch or a storage
 * fault also prompts a health check at once ({@code healthSoon}).
 */
final class EngineEventPoster implements UplinkEngine.Events {

    private final BiConsumer<String, Map<String, Object>> post;
    private final Runnable healthSoon;

    /** {@code post}: posts an event (topic, properties), or drops it when Event Admin is away. */
    EngineEventPoster(BiConsumer<String, Map<String, Object>> post, Runnable healthSoon) {
        this.post = post;
        this.healthSoon = healthSoon;
    }

    @Override
    public void switched(TransportKind from, TransportKind to, String reason, long queued) {
        post.accept(UplinkEvents.TRANSPORT_SWITCHED, Map.of(UplinkEvents.FROM, from.name(), UplinkEvents.TO, to.name(),
                UplinkEvents.REASON, reason, UplinkEvents.QUEUED, queued));
        healthSoon.run();
    }

    @Override
    public void evicted(Priority priority, int count) {
        post.accept(UplinkEvents.MESSAGES_EVICTED, Map.of(UplinkEvents.PRIORITY, priority.name(), UplinkEvents.COUNT,
                (long) count, UplinkEvents.REASON, "queue full"));
    }

    @Override
    public void deadLettered(int count, int status, String reason) {
        post.accept(UplinkEvents.DEAD_LETTERED, Map.of(UplinkEvents.COUNT, (long) count, UplinkEvents.STATUS, status,
                UplinkEvents.REASON, reason));
    }

    @Override
    public void meteredChanged(boolean metered) {
        post.accept(UplinkEvents.METERED_CHANGED, Map.of(UplinkEvents.METERED, metered));
    }

    @Override
    public void restrictionChanged(Set<Priority> allowed, String reason) {
        Set<Priority> out = allowed.isEmpty() ? EnumSet.allOf(Priority.class) : allowed;
        post.accept(UplinkEvents.RESTRICTION_CHANGED, Map.of(UplinkEvents.RESTRICTED, !allowed.isEmpty(),
                UplinkEvents.ALLOWED, out.stream().map(Priority::name).toArray(String[]::new),
                UplinkEvents.REASON, reason));
    }

    @Override
    public void storageFailed(String reason) {
        healthSoon.run();
    }

    @Override
    public void storageRecovered() {
        healthSoon.run();
    }

    @Override
    public void suspended(TransportKind kind, String reason) {
        post.accept(UplinkEvents.TRANSPORT_SUSPENDED, Map.of(UplinkEvents.TRANSPORT, kind.name(), UplinkEvents.REASON,
                reason == null ? "" : reason));
    }

    @Override
    public void resumed(TransportKind kind) {
        post.accept(UplinkEvents.TRANSPORT_RESUMED, Map.of(UplinkEvents.TRANSPORT, kind.name()));
    }
}
