package org.cabinetgw.uplink.internal.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.TlsAlerts;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS fallback: POSTs batches as a JSON array of the same message objects MQTT carries. Each request
 * has an {@code Idempotency-Key} derived from the message ids inside, so a batch sent again after a
 * timeout has the same key and the receiver can drop it; the ids inside allow de-duplication per message.
 *
 * <p>2xx acknowledges the batch. 408, 429, 5xx, timeouts and connection errors are retried by the
 * dispatcher with backoff (429 and 503 honour {@code Retry-After}); any other 4xx means the server will
 * never take this batch, so it goes to the dead-letter store with the status and the response body.
 */
public final class HttpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_REASON = 500;
    /** How long the diagnosis after a dropped HTTPS connection waits for the server's verdict. */
    private static final int PROBE_TIMEOUT_MILLIS = 2000;

    private final HttpSettings settings;
    private final ExecutorService executor;
    private final HttpClient client;
    private final boolean https;
    private final javax.net.ssl.SSLContext sslContext;
    private volatile boolean suspended;
    private volatile boolean closed;
    private volatile String state = "idle";
    private volatile Runnable stateListener = () -> { };

    public HttpTransport(HttpSettings settings) throws Exception {
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cabinetgw-uplink-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder builder = HttpClient.newBuilder().executor(executor)
                .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER);
        this.https = "https".equalsIgnoreCase(settings.endpoint().getScheme());
        this.sslContext = https ? settings.tls().sslContext() : null;
        if (https) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
    }

    @Override
    public TransportKind kind() {
        return TransportKind.HTTP;
    }

    @Override
    public boolean ready() {
        return !suspended && !closed;
    }

    /** One batch at a time: a batch is the unit of retry and of idempotency. */
    @Override
    public int window() {
        return settings.batchSize();
    }

    @Override
    public int maxOutstandingBatches() {
        return 1;
    }

    @Override
    public int maxBatch() {
        return settings.batchSize();
    }

    @Override
    public void setSuspended(boolean value) {
        suspended = value;
        stateListener.run();
    }

    @Override
    public void setStateListener(Runnable listener) {
        this.stateListener = listener == null ? () -> { } : listener;
    }

    @Override
    public String describeState() {
        return state;
    }

    /** The key is a function of the ids alone: the same batch sent again carries the same key. */
    static String idempotencyKey(List<QueuedMessage> batch) {
        StringBuilder ids = new StringBuilder();
        for (QueuedMessage m : batch) {
            ids.append(m.id()).append('\n');
        }
        return UUID.nameUUIDFromBytes(ids.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    static byte[] body(List<QueuedMessage> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).payload());
        }
        out.write(']');
        return out.toByteArray();
    }

    @Override
    public void send(List<QueuedMessage> batch, DeliveryCallback callback) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(Duration.ofMillis(settings.requestTimeoutMillis()))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey(batch))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch)));
        if (!settings.bearerToken().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                // the cause, not the CompletionException around it; with a hint when the server refused our TLS
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String hint = TlsAlerts.explain(cause, !settings.tls().keyStore().isBlank());
                // only a connection dropped without an answer is worth a look; a timeout or a refused connection says
                // enough, and a probe would only delay the retry
                if (hint == null && https && cause instanceof java.io.IOException
                        && !(cause instanceof java.net.http.HttpTimeoutException)
                        && !(cause instanceof java.net.ConnectException)) {
                    hint = TlsProbe.diagnose(sslContext, settings.endpoint(), PROBE_TIMEOUT_MILLIS,
                            !settings.tls().keyStore().isBlank());
                }
                String reason = "request failed: " + cause + (hint == null ? "" : ": " + hint);
                state = reason;
                callback.failed(batch, reason, null);
                return;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                state = "delivering (last status " + status + ")";
                callback.delivered(batch);
            } else if (status == 408 || status == 429 || status >= 500) {
                state = "endpoint answered " + status;
                callback.failed(batch, "endpoint answered " + status,
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
            } else if (status >= 400) {
                String body = response.body() == null ? "" : response.body();
                callback.rejected(batch, status, "HTTP " + status + ": "
                        + (body.length() > MAX_REASON ? body.substring(0, MAX_REASON) + "..." : body));
            } else {
                // 1xx/3xx: a misconfigured endpoint, not a verdict on the data; keep retrying and say so
                state = "endpoint answered " + status + " (check the endpoint URL)";
                LOG.warn("HTTP endpoint {} answered {}: retrying", settings.endpoint(), status);
                callback.failed(batch, "unexpected status " + status, null);
            }
        });
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
