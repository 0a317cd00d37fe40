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
    private final java.util.Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HttpEndpoint(byte[] producerPackage) throws IOException {
        this.producerPackage = producerPackage;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/ingest", this::ingest);
        server.createContext("/packages/producer.dp", this::producer);
        server.start();
    }

    /** Serves {@code bytes} at {@code path} from now on (a package for the deploy agent). */
    void serve(String path, byte[] bytes) {
        if (served.add(path)) {
            server.createContext(path, exchange -> {
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
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
