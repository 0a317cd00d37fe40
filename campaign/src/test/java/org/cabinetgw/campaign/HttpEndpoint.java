package org.cabinetgw.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The cloud's HTTP side, run by the campaign with the JDK's server: {@code /ingest} is the uplink's fallback
 * endpoint (every message of every POST answered 200 is kept, so it is counted by id beside the MQTT
 * subscriber), {@code /packages/producer.dp} serves the producer's deployment package to the deploy agent.
 */
final class HttpEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final byte[] producerPackage;
    /** What each served path answers now: a path served again gets its new bytes. */
    private final java.util.Map<String, byte[]> served = new java.util.concurrent.ConcurrentHashMap<>();

    HttpEndpoint(byte[] producerPackage) throws IOException {
        this.producerPackage = producerPackage;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/ingest", this::ingest);
        server.createContext("/packages/producer.dp", this::producer);
        server.start();
    }

    /**
     * Serves {@code bytes} at {@code path} from now on (a package for the deploy agent), in place of what the path
     * served before: the bad-packages fault makes its tampered package again each round (other bytes: the zip's
     * entry times), and a path that kept the first round's bytes made the second round's job fail on the hash
     * instead of the signature, so the row was "never detected" (seed 42, both long runs).
     */
    void serve(String path, byte[] bytes) {
        if (served.put(path, bytes) == null) {
            server.createContext(path, exchange -> {
                byte[] now = served.get(path);
                exchange.sendResponseHeaders(200, now.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(now);
                }
            });
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every message body accepted over HTTP so far, in arrival order (JSON, as the uplink posts it). */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    private void ingest(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int status = 200;
        try {
            for (JsonElement e : JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonArray()) {
                accepted.add(e.toString());
            }
        } catch (RuntimeException malformed) {
            status = 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void producer(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, producerPackage.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(producerPackage);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
