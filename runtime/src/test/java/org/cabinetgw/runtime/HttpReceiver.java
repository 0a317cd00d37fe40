package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The receiving endpoint of the gateway's HTTP fallback, as its operator would run it: the JDK's HTTP server
 * logs every POST (ids, Idempotency-Key, Upgrade header, the status it answered, when) and counts accepted
 * ids. What it answers is set by the test while it runs.
 */
final class HttpReceiver implements AutoCloseable {

    /** One POST. */
    record Post(long atNanos, List<String> ids, List<String> topics, String key, String upgrade, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private volatile int status = 200;
    private volatile Map<String, String> headers = Map.of();
    // refuse one message: the first of this topic in the first request of two or more messages after arming
    private volatile String victimTopic;
    private volatile String victim;

    HttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/ingest", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
    }

    /** What every following request is answered with. */
    void answer(int newStatus, Map<String, String> newHeaders) {
        headers = newHeaders;
        status = newStatus;
    }

    /**
     * From now on: the first request of two or more messages that holds a message of {@code topic} makes that
     * message the refused one; every request holding it is answered 400 (a validator refusing one reading),
     * everything else as {@link #answer} says.
     */
    void refuseOneMessageOf(String topic) {
        victimTopic = topic;
    }

    /** The message refused, once chosen. */
    String refused() {
        return victim;
    }

    List<Post> posts() {
        return List.copyOf(posts);
    }

    Map<String, Integer> accepted() {
        return Map.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        List<String> ids = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonArray()) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
            topics.add(e.getAsJsonObject().get("topic").getAsString());
        }
        int answer = status;
        Map<String, String> extra = headers;
        byte[] out = new byte[0];
        synchronized (this) {
            if (victimTopic != null && victim == null && ids.size() >= 2 && topics.contains(victimTopic)) {
                victim = ids.get(topics.indexOf(victimTopic));
            }
            if (victim != null && ids.contains(victim)) {
                answer = 400;
                extra = Map.of();
                out = ("reading " + victim + " refused by the validator").getBytes(StandardCharsets.UTF_8);
            }
        }
        posts.add(new Post(System.nanoTime(), ids, topics, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("Upgrade"), answer));
        if (answer >= 200 && answer < 300) {
            ids.forEach(id -> accepted.merge(id, 1, Integer::sum));
        }
        extra.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer, out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
