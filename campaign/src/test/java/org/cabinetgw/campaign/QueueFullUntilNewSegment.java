package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fault "queue filesystem full long enough that the uplink needs a new segment". Filling the disk alone does
 * not get there: while the cloud takes what is queued, the uplink deletes delivered segments and makes its next
 * one in their space (a full disk costs it nothing but the warning). It gets there when the queue must hold: the
 * cloud (broker and HTTP endpoint) is away, and the producer publishes fast (every {@link #FAST_MILLIS} ms instead
 * of 50) so that the current segment and the preallocated spare (1 MB each) fill in seconds, not minutes; then the
 * next segment cannot be made and the uplink refuses (DOWN, "the queue cannot write"), keeping what it accepted.
 *
 * <p>Removed in two steps, because the second is what the campaign found: the cloud comes back first, with the disk
 * still full. The uplink must deliver what it held and write again in the space of what it delivered (before the
 * uplink's fix it refused until something else freed space: its delivered segments were deleted only after a
 * successful write); only then the filler goes. If the uplink does not write again within {@link #WRITE_BOUND_MILLIS}
 * the filler stays, so the row never recovers and fails; the cleanup removes it for the next fault.
 */
final class QueueFullUntilNewSegment {

    static final String NAME = "queue filesystem full until the uplink needs a new segment (cloud away, producer fast),"
            + " cloud back, then space again";
    static final String PRODUCER_PID = "org.cabinetgw.deploy.fixture.internal.FixtureComponent";
    static final int FAST_MILLIS = 2;
    static final long WRITE_BOUND_MILLIS = 60_000;

    private QueueFullUntilNewSegment() {
    }

    static Fault fault() {
        return Fault.named(NAME)
                .needs("root,namespaces,long")
                .inject(w -> {
                    Faults.brokerAway(w, true, true);
                    Faults.fill(filler(w));
                    producerEvery(w, FAST_MILLIS);
                })
                // the next segment refused: the queue cannot write (QueueSpace's warning came before, at the fill)
                .seen((w, h) -> h != null && "DOWN".equals(h.status("uplink"))
                        && h.reason("uplink").contains("cannot write"))
                .hold(0)
                .remove(w -> {
                    producerEvery(w, 50);
                    Faults.brokerAway(w, false, true);
                    long t0 = System.nanoTime();
                    Health h = w.gateway.health();
                    while ((h == null || "DOWN".equals(h.status("uplink"))) && (System.nanoTime() - t0) / 1_000_000 < WRITE_BOUND_MILLIS) {
                        Thread.sleep(200);
                        h = w.gateway.health();
                    }
                    w.queueWritesAgainMillis = h != null && !"DOWN".equals(h.status("uplink"))
                            ? (System.nanoTime() - t0) / 1_000_000 : -1;
                    if (w.queueWritesAgainMillis >= 0) {
                        Files.deleteIfExists(filler(w));
                    }
                })
                .cleanup(w -> {
                    Files.deleteIfExists(filler(w));
                    producerEvery(w, 50);
                })
                .describe(w -> w.queueWritesAgainMillis >= 0
                        ? "refused while full (uplink DOWN: the queue cannot write), what it accepted kept; with the cloud"
                                + " back and the disk still full it wrote again after " + w.queueWritesAgainMillis / 100 / 10.0
                                + " s (in the space of what it delivered), then the filler went"
                        : "the uplink still refused " + WRITE_BOUND_MILLIS / 1000 + " s after the cloud came back with the"
                                + " disk still full (its delivered segments' space not reused); the filler was left in place")
                .episode("transport MQTT").build();
    }

    private static Path filler(World w) {
        return w.queue.resolve("filler-new-segment");
    }

    /**
     * The producer's interval through the web console's configuration API, as an operator would set it (its one
     * setting, so the form posts it alone).
     */
    private static void producerEvery(World w, int millis) throws IOException {
        String form = "apply=true&action=ajaxConfigManager&propertylist=telemetry.interval.millis"
                + "&telemetry.interval.millis=" + millis;
        int status = w.gateway.postForm("/system/console/configMgr/" + PRODUCER_PID, form, "admin", World.CONSOLE_PASSWORD);
        if (status < 200 || status >= 400) {
            throw new IOException("the web console answered " + status + " to the producer's interval " + millis);
        }
    }
}
