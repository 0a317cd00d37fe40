package org.cabinetgw.network.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.network.LinkType;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Child-JVM entry point of the namespace tests and the benchmark: started with {@code ip netns exec <gateway ns>},
 * it runs the real link monitors, the real link manager and the real iproute2 backend in that namespace, and
 * prints every event as one JSON line ({@code {"t":..., "topic":..., "p":{...}}}) on stdout. A client thread
 * keeps connecting to the cloud's echo server through the default route and prints {@code client} lines when
 * it starts or stops getting through. Commands on stdin: {@code force <link>}, {@code release <link>};
 * end of input stops everything.
 *
 * <p>The configuration (first argument) is JSON: {@code {"failbackHoldMs":..., "backend":"iproute2",
 * "client":"10.9.0.1:7", "links":[{"name","interface","type","priority","metered","gateway","targets":[...],
 * "intervalMs","meteredIntervalMs","timeoutMs","downAfter","upAfter","window","flapHoldInitialMs",
 * "flapHoldMaxMs"}]}}.
 */
public final class GatewayInNamespace {

    private static final Gson GSON = new Gson();
    private static final Object OUT = new Object();

    public static void main(String[] args) throws Exception {
        JsonObject config = JsonParser.parseString(args[0]).getAsJsonObject();
        RoutingBackend backend = "simulated".equals(str(config, "backend", "iproute2")) ? new SimulatedBackend()
                : new Iproute2Backend(new CommandRunner(List.of(), 3000), str(config, "ip", "ip"));
        LinkManagerEngine engine = new LinkManagerEngine(backend, config.get("failbackHoldMs").getAsLong(),
                GatewayInNamespace::print, System::currentTimeMillis);
        List<LinkMonitor> monitors = new ArrayList<>();
        for (JsonElement e : config.getAsJsonArray("links")) {
            LinkMonitor m = new LinkMonitor(settings(e.getAsJsonObject()), System::currentTimeMillis,
                    new InterfaceInspector());
            monitors.add(m);
            engine.addLink(m);
            m.start();
        }
        if (config.has("client")) {
            String[] hp = config.get("client").getAsString().split(":");
            Thread client = new Thread(() -> client(hp[0], Integer.parseInt(hp[1])), "test-client");
            client.setDaemon(true);
            client.start();
        }
        print("ready", Map.of());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ", 2);
            try {
                switch (cmd[0]) {
                    case "force" -> engine.forceDown(cmd[1], "drill");
                    case "release" -> engine.release(cmd[1]);
                    case "stop" -> {
                        // as an OSGi stop does it: the manager learns it is stopping, then the links leave
                        engine.stop();
                        monitors.forEach(engine::removeLink);
                        monitors.forEach(LinkMonitor::close);
                        engine.close();
                        print("stopped", Map.of());
                    }
                    default -> print("error", Map.of("reason", "unknown command " + line));
                }
            } catch (RuntimeException e) {
                print("error", Map.of("reason", String.valueOf(e.getMessage())));
            }
        }
        monitors.forEach(LinkMonitor::close);
        engine.close();
        System.exit(0);
    }

    static LinkSettings settings(JsonObject l) {
        HealthPolicy policy = new HealthPolicy(num(l, "window", 20), num(l, "downAfter", 2), num(l, "upAfter", 5),
                30.0, 1000, 60_000, num(l, "flapHoldInitialMs", 10_000), num(l, "flapHoldMaxMs", 300_000));
        JsonArray ts = l.getAsJsonArray("targets");
        String[] targets = new String[ts.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = ts.get(i).getAsString();
        }
        return LinkSettings.of(l.get("name").getAsString(), l.get("interface").getAsString(),
                LinkType.valueOf(str(l, "type", "WIRED")), num(l, "priority", 1),
                l.has("metered") && l.get("metered").getAsBoolean(), str(l, "gateway", ""), "", 0, targets,
                num(l, "intervalMs", 200), num(l, "meteredIntervalMs", 5000), num(l, "timeoutMs", 300), 204, policy);
    }

    private static int num(JsonObject o, String key, int def) {
        return o.has(key) ? o.get(key).getAsInt() : def;
    }

    private static String str(JsonObject o, String key, String def) {
        return o.has(key) ? o.get(key).getAsString() : def;
    }

    static void print(String topic, Map<String, Object> properties) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", System.currentTimeMillis());
        line.put("topic", topic);
        line.put("p", properties);
        String json = GSON.toJson(line);
        synchronized (OUT) {
            System.out.println(json);
            System.out.flush();
        }
    }

    /** Sends a line to the echo server every 100 ms over a new connection, as an application would retry. */
    private static void client(String host, int port) {
        Boolean last = null;
        while (true) {
            boolean ok;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 300);
                s.setSoTimeout(300);
                OutputStream out = s.getOutputStream();
                out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[5];
                ok = in.readNBytes(buf, 0, 5) == 5 && "ping\n".equals(new String(buf, StandardCharsets.US_ASCII));
            } catch (Exception e) {
                ok = false;
            }
            if (last == null || last != ok) {
                print("client", Map.of("ok", ok));
                last = ok;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
