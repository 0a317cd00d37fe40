package org.cabinetgw.sim.power.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one scripted scenario at a time on its own thread: a list of steps, each after a delay from the
 * scenario's start. Starting another scenario stops the running one; {@link #stop()} interrupts the wait.
 */
final class ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    /** One action at {@code atMillis} after the start. */
    record Step(long atMillis, String what, Runnable action) {
    }

    private Thread thread;
    private volatile String current = "none";

    synchronized void start(String name, List<Step> steps) {
        stop();
        List<Step> ordered = new ArrayList<>(steps);
        ordered.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
        current = name;
        Thread t = new Thread(() -> play(name, ordered), "cabinetgw-sim-power-scenario");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void play(String name, List<Step> steps) {
        long start = System.nanoTime();
        LOG.info("Scenario {} starts", name);
        try {
            for (Step s : steps) {
                long wait = s.atMillis() - (System.nanoTime() - start) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                LOG.info(String.format(Locale.ROOT, "Scenario %s at %.1f s: %s", name, s.atMillis() / 1000.0, s.what()));
                s.action().run();
            }
            LOG.info("Scenario {} done", name);
        } catch (InterruptedException e) {
            LOG.info("Scenario {} stopped", name);
        } finally {
            synchronized (this) {
                if (thread == Thread.currentThread()) {
                    current = "none";
                }
            }
        }
    }

    synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        current = "none";
    }

    String current() {
        return current;
    }
}
