package org.cabinetgw.ha.e2e;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * TEST ONLY (bundles/ha/e2e/netns-pair.sh installs it into both gateways through the web console; never shipped).
 * Publishes a numbered burst through the api {@link Uplink} while this node acts for the cabinet (the condition
 * {@code osgi.condition.id=cabinetgw.active} is registered) and the file {@code <ha.e2e.dir>/burst} exists, one
 * message every {@code <burst's content>} ms. Every id is {@code e2e-<node>-<start millis>-<n>}, unique across
 * both nodes and restarts; once {@code publish} returned (the uplink accepted it, and with a standby in sync the
 * standby holds it) the id is appended, with the wall-clock millis, to {@code <ha.e2e.dir>/accepted-<node>.log}.
 * The script compares those lines with what an independent mosquitto_sub received: lost = accepted and never
 * received. A plain activator and trackers (no Declarative Services, no bnd) so the script can build it with javac.
 */
public final class BurstProducer implements BundleActivator, Runnable {

    private volatile boolean running = true;
    private ServiceTracker<Object, Object> active;
    private ServiceTracker<Uplink, Uplink> uplink;
    private final java.util.List<Thread> threads = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    private final long incarnation = System.currentTimeMillis();
    private FileOutputStream log;
    private Path dir;
    private String node;

    @Override
    public void start(BundleContext context) throws Exception {
        dir = Path.of(System.getProperty("ha.e2e.dir", "/tmp/ha-e2e"));
        node = System.getProperty("ha.e2e.node", "x");
        active = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=org.osgi.service.condition.Condition)(osgi.condition.id=cabinetgw.active))"), null);
        active.open(true);
        uplink = new ServiceTracker<>(context, Uplink.class, null);
        uplink.open();
        log = new FileOutputStream(dir.resolve("accepted-" + node + ".log").toFile(), true);
        // ha.e2e.threads publishers at once (the throughput run: the uplink batches concurrent publishers)
        for (int i = 0; i < Integer.getInteger("ha.e2e.threads", 1); i++) {
            Thread t = new Thread(this, "ha-e2e-producer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
        log.close();
        active.close();
        uplink.close();
    }

    @Override
    public void run() {
        Path burst = dir.resolve("burst");
        long pause = -1;
        long readAt = 0;
        try {
            while (running) {
                if (System.nanoTime() - readAt > 50_000_000L) { // the burst file at most every 50 ms
                    pause = pause(burst);
                    readAt = System.nanoTime();
                }
                Uplink u = uplink.getService();
                if (pause < 0 || u == null || active.getService() == null) {
                    Thread.sleep(20);
                    continue;
                }
                long n = next.incrementAndGet();
                String id = "e2e-" + node + "-" + incarnation + "-" + n;
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("n", n);
                metrics.put("node", node);
                try {
                    u.publish(new Message(id, "e2e." + node, "e2e/burst", Priority.EVENT, Instant.now(), metrics, ""));
                    // one write(2) per line: what was written survives a kill -9 of this process
                    write(id + " " + System.currentTimeMillis() + "\n");
                } catch (UplinkRefusedException e) {
                    write(id + " refused\n");
                }
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.err.println("ha-e2e-producer: " + e);
        }
    }

    private synchronized void write(String line) throws IOException {
        log.write(line.getBytes(StandardCharsets.US_ASCII));
    }

    /** -1 while there is no burst file; else the pause in ms it names (0: as fast as publish returns). */
    private static long pause(Path burst) {
        try {
            String s = Files.readString(burst).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
