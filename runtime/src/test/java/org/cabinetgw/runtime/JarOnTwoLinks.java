package org.cabinetgw.runtime;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.cabinetgw.testing.netns.Netns;
import org.cabinetgw.testing.netns.TwoLinkNamespaces;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The real jar as a process in a gateway namespace with a wired and a cellular link
 * ({@link TwoLinkNamespaces}), its network manager on the iproute2 backend configured as the network README's
 * example (both links probed against the cloud, cellular metered), and in the cloud namespace a real Mosquitto,
 * an HTTP probe target (socat answering 204) and an independent {@code mosquitto_sub} that writes every message
 * with the time it arrived. {@code /health} is reached through two socat processes (a TCP port on the test's
 * loopback → a Unix socket → the gateway namespace's loopback), so nothing is routed into the root namespace.
 * Used by {@link LinkFollowJarIT} and {@link LinkFollowJarBenchmark}.
 */
final class JarOnTwoLinks implements AutoCloseable {

    static final String CLIENT_ID = "cab-ns";
    private static final String TOPICS = "cabinetgw/" + CLIENT_ID + "/";

    /** One message as mosquitto_sub received it. */
    record Received(long atMillis, String topic, JsonObject message) {
        String metric(String name) {
            JsonObject m = message.getAsJsonObject("metrics");
            return m == null || !m.has(name) || m.get(name).isJsonNull() ? null : m.get(name).getAsString();
        }

        /** The message id; empty for the session's status (online/offline), which has none. */
        String id() {
            return message.has("id") ? message.get("id").getAsString() : "";
        }
    }

    final TwoLinkNamespaces net;
    final GatewayProcess gateway;
    private final Path received;
    private final Path dir;

    /** True where the namespaces, the cloud's tools and the jar are there; else why not, for the skip message. */
    static String unavailable() {
        if (!Netns.available()) {
            return "needs root and iproute2 for network namespaces";
        }
        for (String tool : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto_sub", "/usr/bin/socat", "/usr/bin/ss")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " is not installed (apt-get install mosquitto mosquitto-clients socat iproute2)";
            }
        }
        return Files.isRegularFile(GatewayProcess.JAR) ? null : GatewayProcess.JAR + " is not built";
    }

    JarOnTwoLinks(Path dir) throws Exception {
        this.dir = dir;
        net = new TwoLinkNamespaces();
        try {
            Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                    "listener 1883 0.0.0.0\nallow_anonymous true\npersistence false\n");
            net.startIn(net.cloud, dir.resolve("mosquitto.log"), "/usr/sbin/mosquitto", "-c", conf.toString());
            // socat's own address syntax eats quotes and colons: the answer is a script of its own
            Path answer = Files.writeString(dir.resolve("probe-target.sh"), """
                    # reads the request up to its empty line, answers 204 (the link probe's expected status)
                    while read -r line; do [ -z "$(printf '%s' "$line" | tr -d '\\r')" ] && break; done
                    printf 'HTTP/1.1 204 No Content\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n'
                    """);
            net.startIn(net.cloud, dir.resolve("probe-target.log"), "/usr/bin/socat", "TCP-LISTEN:80,reuseaddr,fork",
                    "SYSTEM:sh " + answer);
            awaitListening(net.cloud, 1883);
            awaitListening(net.cloud, 80);
            await("the HTTP probe target answering 204", 10_000, () -> probeTargetAnswers(net));
            received = dir.resolve("received.txt");
            // %U: when it arrived (seconds.nanoseconds); %t the topic; %p the payload (one JSON object, one line)
            net.startIn(net.cloud, received, "/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-q", "1",
                    "-t", TOPICS + "#", "-F", "%U %t %p");
            Thread.sleep(200); // a message missed here is only a message before the gateway started

            int inside = GatewayProcess.freePort();
            int outside = GatewayProcess.freePort();
            Path socket = dir.resolve("health.sock");
            net.startIn(net.gw, dir.resolve("bridge-in.log"), "/usr/bin/socat",
                    "UNIX-LISTEN:" + socket + ",fork", "TCP:127.0.0.1:" + inside);
            net.startHere(dir.resolve("bridge-out.log"), "/usr/bin/socat",
                    "TCP-LISTEN:" + outside + ",bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:" + socket);

            Path data = Files.createDirectories(dir.resolve("data"));
            List<String> cmd = new ArrayList<>(net.gw.execPrefix());
            cmd.addAll(List.of(GatewayProcess.javaBin(), "-Xmx128m", "-jar", GatewayProcess.JAR.toAbsolutePath().toString(),
                    "--data", data.toString(), "--http-port", Integer.toString(inside), "--no-shell",
                    "--config", site(dir).toString()));
            // `ip netns exec` execs the command: the process is the gateway's JVM itself, SIGTERM reaches it
            gateway = GatewayProcess.exec(cmd, data, outside);
        } catch (Exception e) {
            net.close();
            throw e;
        }
    }

    /**
     * The network README's example on the namespaces' interfaces, with the test's timing: no flap damping (the
     * test fails wired twice within a minute), a fail-back hold of 2 s. Metered mode OFF: telemetry must keep
     * flowing over cellular (holding it on a metered link is tested in the uplink bundle). Four filesystem
     * monitors polling every 5 s are the telemetry.
     */
    private static Path site(Path dir) throws IOException {
        String probe = "\"probe.targets\": [\"tcp://" + TwoLinkNamespaces.CLOUD + ":1883\", \"http://"
                + TwoLinkNamespaces.CLOUD + "/generate_204\"], \"flap.hold.initial.seconds\": 0";
        StringBuilder fs = new StringBuilder();
        for (String name : List.of("root", "t1", "t2", "t3")) {
            fs.append(",\n \"org.cabinetgw.storage.filesystem~").append(name).append("\": {\"name\": \"").append(name)
                    .append("\", \"mount.point\": \"/\", \"poll.seconds\": 5}");
        }
        return Files.writeString(dir.resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "test.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.failover.coordinator": {"startup.settle.seconds": 1},
                 "org.cabinetgw.network.manager": {"backend": "iproute2", "failback.hold.seconds": 2},
                 "org.cabinetgw.network.link~wired": {"name": "wired", "interface.name": "w0", "type": "WIRED",
                   "priority": 1, "gateway": "%s", %s},
                 "org.cabinetgw.network.link~cellular": {"name": "cellular", "interface.name": "c0",
                   "type": "CELLULAR", "priority": 2, "metered": true, "gateway": "%s", "probe.timeout.millis": 1000, %s},
                 "org.cabinetgw.uplink": {"metered.mode": "OFF"},
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://%s:1883", "client.id": "%s"}%s
                }
                """.formatted(TwoLinkNamespaces.WIRED_GATEWAY, probe, TwoLinkNamespaces.CELLULAR_GATEWAY, probe,
                TwoLinkNamespaces.CLOUD, CLIENT_ID, fs));
    }

    /** A GET to the probe target from inside the cloud namespace, with socat as the client. */
    private static boolean probeTargetAnswers(TwoLinkNamespaces net) throws Exception {
        List<String> cmd = new ArrayList<>(net.cloud.execPrefix());
        cmd.addAll(List.of("/usr/bin/socat", "-T", "3", "-", "TCP:" + TwoLinkNamespaces.CLOUD + ":80"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write("GET /generate_204 HTTP/1.1\r\nHost: cloud\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        return answer.startsWith("HTTP/1.1 204");
    }

    private void awaitListening(Netns ns, int port) throws Exception {
        await("port " + port + " listening in " + ns.name(), 10_000,
                () -> !Netns.run("ip", "netns", "exec", ns.name(), "ss", "-Htln", "sport", "= :" + port).isBlank());
    }

    /** Every message mosquitto_sub has received so far, in order. */
    List<Received> received() throws IOException {
        List<Received> out = new ArrayList<>();
        for (String line : Files.readAllLines(received, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length < 3 || !f[2].startsWith("{")) {
                continue; // a line being written, or the retained status (not JSON of a message)
            }
            try {
                long at = (long) (Double.parseDouble(f[0]) * 1000);
                out.add(new Received(at, f[1].substring(TOPICS.length()), JsonParser.parseString(f[2]).getAsJsonObject()));
            } catch (RuntimeException partial) {
                // the last line, half written
            }
        }
        return out;
    }

    /** Waits for the first message received from {@code afterMillis} on that matches; fails naming what came. */
    Received awaitMessage(String what, long afterMillis, Predicate<Received> match, long timeoutMillis)
            throws Exception {
        Received[] found = new Received[1];
        await(what, timeoutMillis, () -> {
            for (Received r : received()) {
                if (r.atMillis() >= afterMillis && match.test(r)) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The local addresses of the gateway's established MQTT connections, from ss in its namespace. */
    List<String> sessionSources() throws IOException {
        return net.gatewayConnectionsTo(TwoLinkNamespaces.CLOUD, 1883);
    }

    /** Waits until the only established MQTT connection leaves from {@code address}. */
    void awaitSessionFrom(String address, long timeoutMillis) throws Exception {
        await("the MQTT session from " + address, timeoutMillis, () -> sessionSources().equals(List.of(address)));
    }

    HttpResponse<String> health() throws Exception {
        return gateway.awaitHealth();
    }

    void await(String what, long timeoutMillis, Callable<Boolean> condition) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.call()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no " + what + " within " + timeoutMillis + " ms; sessions " + sessionSources()
                        + (received == null ? "" : "; received: " + tail(Files.readString(received)))
                        + (gateway == null ? "" : "\ngateway: " + tail(gateway.output())));
            }
            Thread.sleep(20);
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? "..." + s.substring(s.length() - 6000) : s;
    }

    /** The gateway's ip rules and every route outside the main and local tables. */
    String routingLeft() throws IOException {
        return net.gw.ip("rule", "show") + net.gw.ip("route", "show", "table", "all");
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close();
        } finally {
            net.close();
        }
    }
}
