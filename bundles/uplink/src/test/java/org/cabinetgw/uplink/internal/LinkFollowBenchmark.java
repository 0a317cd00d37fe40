package org.cabinetgw.uplink.internal;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.testing.Percentiles;

/**
 * Route switched → first message acknowledged by the broker over the other link, in network namespaces
 * ({@link FollowCabinet}; root): per trial, wired is blackholed at the far side, the default route moved to
 * cellular and the switch announced; then wired comes back and the session is moved back the same way. The
 * message is the session's birth message (QoS 1, PUBACKed before the transport counts as connected), timed
 * when mosquitto_sub in the cloud namespace has it. Prints min/p50/p99/max for both directions. Add the network
 * benchmark's fault → route switched for fault → first message acknowledged.
 */
public final class LinkFollowBenchmark {

    private LinkFollowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Long> over = new ArrayList<>();
        List<Long> back = new ArrayList<>();
        try (FollowCabinet cab = new FollowCabinet(Files.createTempDirectory("cabinetgw-link-follow-bench"))) {
            int births = 1;
            cab.awaitBirths(births, 20_000);
            for (int i = 0; i < trials; i++) {
                cab.cloud.ip("link", "set", "w1", "down");
                cab.routeOverCellular();
                long t = System.currentTimeMillis();
                cab.child.send("switch cellular");
                over.add(cab.awaitBirths(++births, 10_000) - t);
                cab.cloud.ip("link", "set", "w1", "up");
                Thread.sleep(300);
                cab.routeOverWired();
                t = System.currentTimeMillis();
                cab.child.send("switch wired");
                back.add(cab.awaitBirths(++births, 10_000) - t);
                Thread.sleep(300);
            }
        }
        System.out.println("route switched -> first message acknowledged over cellular (wired blackholed), " + trials
                + " trials: " + Percentiles.summary(over));
        System.out.println("route switched back -> first message acknowledged over wired (fail-back), " + trials
                + " trials: " + Percentiles.summary(back));
        System.exit(0);
    }
}
