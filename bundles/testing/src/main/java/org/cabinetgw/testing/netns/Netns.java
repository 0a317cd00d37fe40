package org.cabinetgw.testing.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network namespaces for tests. Names are {@code cgwt-<pid>-<n>-<role>}: unique per JVM and per test, and a
 * later run removes those left by a JVM that died (its pid is gone). Every namespace created is removed by
 * {@link #close()}, and by a shutdown hook should a test never get there. Nothing here touches the root
 * namespace: veth pairs are created inside the test's namespaces with {@code ip -n}.
 */
public final class Netns implements AutoCloseable {

    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern OURS = Pattern.compile("cgwt-(\\d+)-\\d+-[a-z]+");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Netns::deleteQuietly), "netns-cleanup"));
    }

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** True when this process may create namespaces (root with iproute2). */
    public static boolean available() {
        try {
            return ProcessHandle.current().info().user().map("root"::equals).orElse(false)
                    && new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates {@code cgwt-<pid>-<n>-<role>} with its loopback up. */
    public static Netns create(String role) throws IOException {
        removeOrphans();
        String name = "cgwt-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + role;
        run("ip", "netns", "add", name);
        LIVE.add(name);
        Netns ns = new Netns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n <this> args...}; fails the test on a non-zero exit. */
    public String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(Arrays.asList(args));
        return run(cmd.toArray(String[]::new));
    }

    /** The prefix that runs a command inside this namespace. */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** A veth pair: {@code here} in this namespace, {@code there} in {@code other}. */
    public void veth(String here, Netns other, String there) throws IOException {
        ip("link", "add", here, "type", "veth", "peer", "name", there, "netns", other.name);
    }

    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.trim());
        }
        return out;
    }

    private static void removeOrphans() {
        try {
            for (String line : run("ip", "netns", "list").split("\n")) {
                String ns = line.split(" ")[0].trim();
                Matcher m = OURS.matcher(ns);
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    deleteQuietly(ns);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort
        }
    }

    private static void deleteQuietly(String ns) {
        try {
            run("ip", "netns", "del", ns);
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        deleteQuietly(name);
        LIVE.remove(name);
    }
}
