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
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.support.internal.threads.NamedThreads;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.TcpProbe;
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
 * dispatcher with backoff (429 and 503 honour {@code Retry-After}). A 4xx about the request itself rather
 * than its content (401, 403, 404, ... see {@link #CONFIGURATION_REFUSALS}) is retried too: it is fixed by
 * configuring the endpoint or the token, and then the messages should still arrive. Any other 4xx refuses
 * the content: the dispatcher finds the refused messages (see {@code PendingBatches}) and dead-letters those.
 *
 * <p>HTTP/1.1 on a plain {@code http://} endpoint: the JDK client would otherwise ask for an upgrade to
 * cleartext HTTP/2 ({@code Upgrade: h2c}), which some proxies refuse. Over HTTPS the version is negotiated
 * in the TLS handshake (ALPN), which never costs a refusal.
 *
 * <p>When the endpoint cannot be reached at all, a TCP probe every second or few (see {@link TcpProbe})
 * tells the dispatcher when it listens again, so delivery resumes within seconds instead of at the end of
 * the back-off.
 */
public final class HttpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_REASON = 500;
    /** How long the diagnosis after a dropped HTTPS connection waits for the server's verdict. */
    private static final int PROBE_TIMEOUT_MILLIS = 2000;
    /**
     * Answers about the request rather than the messages in it: authentication (401, 407), permission (403),
     * the URL (404, 405, 410, 414), the protocol (411, 415, 426, 431). Every message would get the same answer,
     * and a corrected configuration would take them all: retried with back-off, never dead-lettered.
     */
    static final Set<Integer> CONFIGURATION_REFUSALS = Set.of(401, 403, 404, 405, 407, 410, 411, 414, 415, 426, 431);

    private final HttpSettings settings;
    private final ExecutorService executor;
    /** Renewed on a route switch, so no pooled connection stays on the old link (see RouteBoundClient). */
    private final RouteBoundClient client;
    private final boolean https;
    private final javax.net.ssl.SSLContext sslContext;
    private volatile boolean suspended;
    private volatile boolean closed;
    private volatile String state = "idle";
    private volatile Runnable stateListener = () -> { };
    private final ScheduledExecutorService prober;
    private final AtomicBoolean returned = new AtomicBoolean();
    // guarded by prober's single thread and this
    private ScheduledFuture<?> probing;
    private long unreachableSince;

    public HttpTransport(HttpSettings settings) throws Exception {
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cabinetgw-uplink-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.prober = NamedThreads.singleScheduler("cabinetgw-uplink-http-probe");
        HttpClient.Builder builder = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER);
        this.https = "https".equalsIgnoreCase(settings.endpoint().getScheme());
        this.sslContext = https ? settings.tls().sslContext() : null;
        if (https) {
            // HTTP/2 when the server offers it in the handshake; never an h2c upgrade in cleartext (above)
            builder.version(HttpClient.Version.HTTP_2).sslContext(sslContext);
        }
        this.client = new RouteBoundClient(builder::build);
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

    @Override
    public boolean peerReturned() {
        return returned.getAndSet(false);
    }

    /** The endpoint did not take a connection: probe it until it does (then tell the dispatcher). */
    private synchronized void startProbing() {
        if (closed || (probing != null && !probing.isDone())) {
            return;
        }
        unreachableSince = System.nanoTime();
        probing = prober.schedule(this::probe, TcpProbe.FAST_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void stopProbing() {
        if (probing != null) {
            probing.cancel(false);
            probing = null;
        }
    }

    private void probe() {
        if (closed) {
            return;
        }
        if (TcpProbe.reachable(settings.endpoint().getHost(), TcpProbe.port(settings.endpoint()),
                TcpProbe.TIMEOUT_MILLIS)) {
            LOG.debug("HTTP endpoint {} accepts connections again", settings.endpoint());
            synchronized (this) {
                probing = null;
            }
            returned.set(true);
            stateListener.run();
            return;
        }
        synchronized (this) {
            if (probing != null && !closed) {
                long outage = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unreachableSince);
                probing = prober.schedule(this::probe, TcpProbe.intervalMillis(outage), TimeUnit.MILLISECONDS);
            }
        }
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
        // a probe's word is for the attempt it prompted, not for a later back-off
        returned.set(false);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(Duration.ofMillis(settings.requestTimeoutMillis()))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey(batch))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch)));
        if (!settings.bearerToken().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        client.get().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
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
                if (TcpProbe.unreachable(cause)) {
                    startProbing();
                }
                callback.failed(batch, reason, null);
                return;
            }
            stopProbing();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                state = "delivering (last status " + status + ")";
                callback.delivered(batch);
            } else if (status == 408 || status == 429 || status >= 500) {
                state = "endpoint answered " + status;
                callback.failed(batch, "endpoint answered " + status,
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
            } else if (CONFIGURATION_REFUSALS.contains(status)) {
                state = "endpoint refuses our requests: HTTP " + status + " " + shorten(response.body())
                        + " (check endpoint and bearer.token)";
                callback.failed(batch, state, null);
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

    private static String shorten(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 100 ? b.substring(0, 100) + "..." : b;
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

    /** The default route moved to another link ({@code LinkFollower}): no request may reuse a pooled connection. */
    @Override
    public void routeChanged(String why) {
        client.renew(why);
    }

    public void close() {
        closed = true;
        client.close();
        prober.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
