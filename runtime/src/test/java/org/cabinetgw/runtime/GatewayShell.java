package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The real jar driven through its Gogo shell (the process's stdin), as an operator at the console would, with the
 * uplink at a real Mosquitto and the deploy agent answering the test's cloud: the set-up and the shell steps the
 * Platform*IT tests (issue 15) share. A shell line is known to have run once an {@code echo} typed after it is
 * printed (the shell runs one line after the other); a bundle is known to be back once the agent lists it ACTIVE.
 */
final class GatewayShell {

    /** How long one shell line, or a bundle coming back, may take on a loaded 2-core machine. */
    static final long STEP_MILLIS = 60_000;

    private final GatewayProcess gateway;
    private final DeployCloud cloud;

    GatewayShell(GatewayProcess gateway, DeployCloud cloud) {
        this.gateway = gateway;
        this.cloud = cloud;
    }

    /**
     * Starts the jar with its shell, the uplink at {@code broker}, the agent trusting {@code packages} and taking
     * commands from the cloud {@code e2e-cloud}; {@code moreSite}: further PIDs of the site file (JSON members,
     * each followed by a comma), "" for none.
     */
    static GatewayProcess start(Path dir, TestBroker broker, HttpsPackageServer packages, String moreSite)
            throws Exception {
        Path site = Files.writeString(dir.resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "e2e.site",
                 ":configurator:version": "1.0.0",
                 %s
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "%s",
                     "topic.prefix": "%s", "reconnect.initial.millis": 100},
                 "org.cabinetgw.deploy.agent": {"command.requesters": "e2e-cloud"}}
                """.formatted(moreSite, broker.port, RemoteDeploymentIT.GATEWAY, RemoteDeploymentIT.PREFIX));
        List<String> jvm = new ArrayList<>(List.of("-Xmx96m"));
        jvm.addAll(packages.gatewayJvmOptions());
        return GatewayProcess.start(GatewayProcess.JAR, jvm, dir.resolve("data"), "--config", site.toString(), "--shell");
    }

    /** Types {@code line} and returns once the shell has run it; {@code what} names it in a failure. */
    void run(String line, String what) throws Exception {
        String mark = "shell-step-" + System.nanoTime();
        gateway.type(line);
        // as echo prints it, not as typed (the quotes), should the shell echo the line
        gateway.type("echo \"gateway-shell\" \"" + mark + "\"");
        String done = "gateway-shell " + mark;
        long end = System.currentTimeMillis() + STEP_MILLIS;
        while (!gateway.output().contains(done)) {
            if (consoleSilenced()) {
                // the shell still runs what is typed, in order, but prints nowhere (runtime README "Hot swap"):
                // a pause for this line, then the caller's own check (a bundle's state) says it was done
                Thread.sleep(3000);
                return;
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("the shell never ran '" + line + "' (" + what + ")\n" + gateway.output()
                        + "\nthe gateway's threads now:\n" + threads());
            }
            Thread.sleep(100);
        }
    }

    /** The gateway's standard output (fd 1) is /dev/null: the defect PlatformProducersIT found (runtime README). */
    boolean consoleSilenced() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + gateway.pid() + "/fd/1")).toString().equals("/dev/null");
        } catch (java.io.IOException e) {
            return false; // not Linux, or the process is gone: the echo's wait decides
        }
    }

    /** The gateway's threads and the locks they hold or wait for (jcmd), or why they could not be read. */
    private String threads() {
        try {
            return GatewayResources.jcmd(gateway.pid(), "Thread.print");
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /**
     * Updates bundle {@code id} in place from {@code jar} and refreshes it, as Deployment Admin refreshes after an
     * update (without it the old revision stays, its jar open, until the next refresh).
     */
    void updateInPlace(String bsn, long id, Path jar) throws Exception {
        gateway.type("update " + id + " " + jar.toUri());
        run("refresh " + id, bsn + " updated and refreshed");
    }

    /** Waits until the agent lists {@code bsn} ACTIVE (while the agent or the uplink is away, asked again). */
    void awaitActive(String bsn) throws Exception {
        awaitState(bsn, "ACTIVE");
    }

    /** Waits until the agent lists {@code bsn} in {@code state} (e.g. RESOLVED once stopped). */
    void awaitState(String bsn, String state) throws Exception {
        long end = System.currentTimeMillis() + STEP_MILLIS;
        while (System.currentTimeMillis() < end) {
            try {
                for (JsonElement b : cloud.get("bundles").getAsJsonArray("bundles")) {
                    JsonObject o = b.getAsJsonObject();
                    if (o.get("name").getAsString().equals(bsn) && o.get("state").getAsString().equals(state)) {
                        return;
                    }
                }
            } catch (AssertionError noAnswerYet) {
                // the agent, or the uplink it answers through, is being replaced: nothing answers meanwhile
            }
            Thread.sleep(200);
        }
        throw new AssertionError(bsn + " not " + state + " within " + STEP_MILLIS + " ms\n" + gateway.output());
    }

    /**
     * The gateway's log file ({@code <data>/logs/cabinetgw.log}, runtime logback.xml), "" before it exists: it
     * goes on when the console's output does not (runtime README "Hot swap").
     */
    static String log(Path data) throws java.io.IOException {
        Path f = data.resolve("logs/cabinetgw.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Waits until the gateway's log file in {@code data} satisfies {@code condition}. */
    static void awaitLog(Path data, java.util.function.Predicate<String> condition, String what) throws Exception {
        long end = System.currentTimeMillis() + STEP_MILLIS;
        while (!condition.test(log(data))) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(what + ": not within " + STEP_MILLIS + " ms\n" + log(data));
            }
            Thread.sleep(100);
        }
    }

    /** The bundle ids of {@code names}, as the agent lists them; each must be there. */
    Map<String, Long> ids(Collection<String> names) throws Exception {
        Map<String, Long> ids = new TreeMap<>();
        for (JsonElement b : cloud.get("bundles").getAsJsonArray("bundles")) {
            JsonObject o = b.getAsJsonObject();
            if (names.contains(o.get("name").getAsString())) {
                ids.put(o.get("name").getAsString(), o.get("id").getAsLong());
            }
        }
        assertThat(ids.keySet()).as("bundles installed").containsExactlyInAnyOrderElementsOf(names);
        return ids;
    }

    /** The framework's uuid: the same before and after means no restart. */
    String frameworkUuid() throws Exception {
        return cloud.get("bundles").getAsJsonObject("framework").get("uuid").getAsString();
    }

    /** The bundles as the build resolved them (runtime/target/export/gateway), by symbolic name. */
    static Map<String, Path> exportedJars(Collection<String> names) throws Exception {
        Map<String, Path> jars = new TreeMap<>();
        try (var files = Files.list(GatewayProcess.MODULE.resolve("target/export/gateway"))) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                for (String bsn : names) {
                    if (name.startsWith(bsn + "-") || name.equals(bsn + ".jar")) {
                        jars.put(bsn, p);
                    }
                }
            }
        }
        assertThat(jars.keySet()).as("exported bundles").containsExactlyInAnyOrderElementsOf(names);
        return jars;
    }
}
