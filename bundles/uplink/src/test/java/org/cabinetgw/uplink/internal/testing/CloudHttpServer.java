package org.cabinetgw.uplink.internal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP server (the JDK's) standing in for the cloud's ingestion endpoint. It parses every POSTed
 * batch, counts ids, records the Idempotency-Key, and answers what the test scripts (200 by default).
 */
public final class CloudHttpServer implements AutoCloseable {

    /** The answer to a request: status, extra headers, body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer ok() {
            return new Answer(200, Map.of(), "");
        }
    }

    /** What one request carried. */
    public record Request(String idempotencyKey, String authorization, List<String> ids, int answeredWith,
            String upgrade, String protocol) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> acceptedIds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<JsonObject> acceptedMessages = new ConcurrentLinkedQueue<>();
    private volatile Function<Integer, Answer> script = n -> Answer.ok();
    private volatile Function<List<String>, Answer> byContent;

    public CloudHttpServer() throws IOException {
        this(null);
    }

    /**
     * An HTTPS endpoint when {@code tls} is given: its key manager is the server's certificate, and when
     * {@code needClientAuth} a client must present a certificate its trust manager accepts (mutual TLS).
     */
    public CloudHttpServer(SSLContext tls, boolean needClientAuth) throws IOException {
        this(httpsServer(tls, needClientAuth));
    }

    /** A plain HTTP endpoint on this port (to bring an endpoint back where it was). */
    public static CloudHttpServer onPort(int port) throws IOException {
        return new CloudHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50));
    }

    private CloudHttpServer(HttpServer https) throws IOException {
        server = https != null ? https : HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/ingest", this::handle);
        server.start();
    }

    private static HttpServer httpsServer(SSLContext tls, boolean needClientAuth) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return https;
    }

    public URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/ingest");
    }

    /** Decides the answer by the request's number (0-based). */
    public void script(Function<Integer, Answer> answers) {
        this.script = answers;
        this.byContent = null;
    }

    /** Decides the answer by the ids a request carries (e.g. refuse every request holding one id). */
    public void scriptByIds(Function<List<String>, Answer> answers) {
        this.byContent = answers;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        List<String> ids = new ArrayList<>();
        JsonArray array = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonArray();
        for (JsonElement e : array) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
        }
        List<JsonObject> objects = new ArrayList<>();
        array.forEach(e -> objects.add(e.getAsJsonObject()));
        int number;
        synchronized (requests) {
            number = requests.size();
            Function<List<String>, Answer> content = byContent;
            Answer answer = content != null ? content.apply(ids) : script.apply(number);
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization"), ids, answer.status(),
                    exchange.getRequestHeaders().getFirst("Upgrade"), exchange.getProtocol()));
            if (answer.status() >= 200 && answer.status() < 300) {
                ids.forEach(id -> acceptedIds.merge(id, 1, Integer::sum));
                acceptedMessages.addAll(objects);
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every message accepted with a 2xx, in arrival order (duplicates included). */
    public List<JsonObject> acceptedMessages() {
        return List.copyOf(acceptedMessages);
    }

    /** Ids accepted with a 2xx, and how often. */
    public Map<String, Integer> acceptedIds() {
        return Collections.unmodifiableMap(acceptedIds);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
