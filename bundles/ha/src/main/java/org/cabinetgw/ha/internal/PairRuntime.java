package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node of a pair: the engine on the real clock, its UDP sockets, its witness, and the thread that
 * ticks it every quarter interval. The OSGi component and the real-network tests start it the same way.
 */
final class PairRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PairRuntime.class);
    static final LongSupplier MONOTONIC = () -> System.nanoTime() / 1_000_000;

    final PairEngine engine;
    final Witness witness;
    /** This start's number (durable, raised at every start): frames and heartbeats carry it. */
    final long incarnation;
    private final HeartbeatSockets sockets;
    private final ScheduledExecutorService scheduler;

    /**
     * Opens the sockets and reads the durable state in {@code dir}; nothing runs until {@link #start}.
     *
     * @param witnessFactory builds the witness on the runtime's scheduler (reconnects run there) for this start's
     *                       incarnation (its leases and its will name it)
     */
    PairRuntime(PairSettings settings, Path dir, BiFunction<ScheduledExecutorService, Long, Witness> witnessFactory,
            EventSink events) throws IOException {
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "ha-pair-" + settings.nodeId());
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        Witness w = Witness.NONE;
        HeartbeatSockets s = null;
        long inc;
        try {
            long incarnation = inc = new DurableCounter(dir.resolve("incarnation")).advance(System.currentTimeMillis());
            w = witnessFactory.apply(scheduler, incarnation);
            s = new HeartbeatSockets(settings.paths());
            engine = new PairEngine(settings, new DurableCounter(dir.resolve("epoch")), incarnation, w, events, s,
                    MONOTONIC, System::currentTimeMillis);
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            w.close();
            scheduler.shutdownNow();
            throw e;
        }
        witness = w;
        sockets = s;
        incarnation = inc;
    }

    void start(long intervalMs) {
        sockets.start(engine::receive);
        if (witness instanceof MqttWitness m) {
            m.start();
        }
        scheduler.scheduleAtFixedRate(this::tick, 0, Math.max(1, intervalMs / 4), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            engine.tick();
        } catch (RuntimeException e) {
            // the schedule must survive anything: a dead tick thread would freeze the role
            LOG.error("Pair tick failed", e);
        }
    }

    /** Stops ticking and closes the sockets: from here the peer hears nothing. The witness stays open. */
    void silence() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sockets.close();
    }

    @Override
    public void close() {
        silence();
        witness.close();
    }
}
