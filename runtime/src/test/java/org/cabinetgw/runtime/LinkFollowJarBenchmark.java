package org.cabinetgw.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.testing.Percentiles;
import org.cabinetgw.testing.netns.TwoLinkNamespaces;

/**
 * Issue 23's benchmark row, end to end with the real jar ({@link JarOnTwoLinks}; root): per trial the wired link
 * fails (far-side blackhole, or carrier lost), and three times are taken: fault → route switched (the manager's
 * own {@code route.switched} in the switch event), route switched → the switch event acknowledged by the broker
 * over cellular (the time mosquitto_sub in the cloud namespace received it), and their sum, fault → first message
 * acknowledged over the backup link. Then wired is repaired and the fail-back awaited. Prints min/p50/p99/max per
 * fault kind over the trials (default 20, the first argument). Command: runtime/DEVELOPERS.md.
 */
public final class LinkFollowJarBenchmark {

    private LinkFollowJarBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String why = JarOnTwoLinks.unavailable();
        if (why != null) {
            System.out.println("LinkFollowJarBenchmark not run: " + why);
            return;
        }
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("cabinetgw-link-follow-jar");
        try (JarOnTwoLinks cab = new JarOnTwoLinks(dir)) {
            cab.awaitSessionFrom(TwoLinkNamespaces.WIRED_ADDRESS, 180_000);
            for (String[] kind : new String[][] {{"carrier lost", "carrier"}, {"far-side blackhole", "blackhole"}}) {
                List<Long> toSwitch = new ArrayList<>();
                List<Long> toAck = new ArrayList<>();
                List<Long> total = new ArrayList<>();
                for (int i = 0; i < trials; i++) {
                    boolean carrier = kind[1].equals("carrier");
                    long faultAt = System.currentTimeMillis();
                    if (carrier) {
                        cab.net.cutWiredCarrier();
                    } else {
                        cab.net.blackholeWired();
                    }
                    JarOnTwoLinks.Received over = cab.awaitMessage("switch to cellular", faultAt,
                            r -> r.topic().equals("network/switched") && "cellular".equals(r.metric("link")), 20_000);
                    long switched = Long.parseLong(over.metric("route.switched"));
                    toSwitch.add(switched - faultAt);
                    toAck.add(over.atMillis() - switched);
                    total.add(over.atMillis() - faultAt);
                    long repairedAt = System.currentTimeMillis();
                    if (carrier) {
                        cab.net.restoreWiredCarrier();
                    } else {
                        cab.net.endWiredBlackhole();
                    }
                    cab.awaitMessage("fail-back to wired", repairedAt,
                            r -> r.topic().equals("network/switched") && "wired".equals(r.metric("link")), 30_000);
                    cab.awaitSessionFrom(TwoLinkNamespaces.WIRED_ADDRESS, 10_000);
                }
                System.out.println("real jar, wired " + kind[0] + ", " + trials + " trials:");
                System.out.println("  fault -> route switched                                  " + Percentiles.summary(toSwitch));
                System.out.println("  route switched -> switch event acknowledged over cellular " + Percentiles.summary(toAck));
                System.out.println("  fault -> first message acknowledged over cellular        " + Percentiles.summary(total));
            }
        }
        System.exit(0);
    }
}
