package org.cabinetgw.testing.netns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cabinet's two links as network namespaces: the gateway ({@code w0} 10.1.0.2/24 wired, {@code c0} 10.2.0.2/24
 * cellular) and the cloud ({@code w1} 10.1.0.1, {@code c1} 10.2.0.1, and the service address {@link #CLOUD}
 * 10.9.0.1 on its loopback). The gateway has no route to {@link #CLOUD} until someone (the link manager, or a
 * test acting as it) adds a default route through one of the links. Faults are made on the cloud side, as in the
 * field: {@link #cutWiredCarrier()}, {@link #blackholeWired()}. Processes started with {@link #startIn} are
 * stopped by {@link #close()} before the namespaces go.
 */
public final class TwoLinkNamespaces implements AutoCloseable {

    public static final String CLOUD = "10.9.0.1";
    public static final String WIRED_ADDRESS = "10.1.0.2";
    public static final String WIRED_GATEWAY = "10.1.0.1";
    public static final String CELLULAR_ADDRESS = "10.2.0.2";
    public static final String CELLULAR_GATEWAY = "10.2.0.1";

    public final Netns gw;
    public final Netns cloud;
    private final List<Process> processes = new ArrayList<>();

    public TwoLinkNamespaces() throws IOException {
        Netns g = null;
        Netns c = null;
        try {
            g = Netns.create("gw");
            c = Netns.create("cloud");
            g.veth("w0", c, "w1");
            g.veth("c0", c, "c1");
            g.ip("addr", "add", WIRED_ADDRESS + "/24", "dev", "w0");
            g.ip("addr", "add", CELLULAR_ADDRESS + "/24", "dev", "c0");
            c.ip("addr", "add", WIRED_GATEWAY + "/24", "dev", "w1");
            c.ip("addr", "add", CELLULAR_GATEWAY + "/24", "dev", "c1");
            c.ip("addr", "add", CLOUD + "/32", "dev", "lo");
            g.ip("link", "set", "w0", "up");
            g.ip("link", "set", "c0", "up");
            c.ip("link", "set", "w1", "up");
            c.ip("link", "set", "c1", "up");
        } catch (IOException | RuntimeException e) {
            if (g != null) {
                g.close();
            }
            if (c != null) {
                c.close();
            }
            throw e;
        }
        gw = g;
        cloud = c;
    }

    /** The wired link loses its carrier: the cloud end of the cable goes down. */
    public void cutWiredCarrier() throws IOException {
        cloud.ip("link", "set", "w1", "down");
    }

    public void restoreWiredCarrier() throws IOException {
        cloud.ip("link", "set", "w1", "up");
    }

    /** The wired link's far side drops everything back to the gateway; the carrier stays up. */
    public void blackholeWired() throws IOException {
        cloud.ip("route", "add", "blackhole", WIRED_ADDRESS + "/32");
    }

    public void endWiredBlackhole() throws IOException {
        cloud.ip("route", "del", "blackhole", WIRED_ADDRESS + "/32");
    }

    /** Starts a command in a namespace, its output to {@code log}; stopped (SIGTERM, then SIGKILL) by close. */
    public Process startIn(Netns ns, Path log, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(ns.execPrefix());
        cmd.addAll(List.of(command));
        return start(log, cmd);
    }

    /** The same where the test runs (e.g. the outer end of a bridge into a namespace on the test's loopback). */
    public Process startHere(Path log, String... command) throws IOException {
        return start(log, List.of(command));
    }

    private Process start(Path log, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** The established TCP connections to {@code peer} in the gateway namespace, as {@code ss} shows them. */
    public List<String> gatewayConnectionsTo(String peer, int port) throws IOException {
        String out = Netns.run("ip", "netns", "exec", gw.name(), "ss", "-Htn", "state", "established", "dst",
                peer + ":" + port);
        List<String> local = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3) {
                // Java's dual-stack socket shows as [::ffff:10.1.0.2]:port
                local.add(f[2].substring(0, f[2].lastIndexOf(':')).replace("[::ffff:", "").replace("]", ""));
            }
        }
        return local;
    }

    @Override
    public void close() {
        synchronized (processes) {
            for (int i = processes.size() - 1; i >= 0; i--) {
                Process p = processes.get(i);
                p.destroy();
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        gw.close();
        cloud.close();
    }
}
