package org.cabinetgw.uplink.internal.http;

import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP fallback's client, renewed when the default route moves to another link.
 *
 * <p>Why: the JDK client keeps idle keep-alive connections in a pool and takes one for the next request. A
 * pooled connection keeps the local address it was opened from, and the link manager's per-link rule
 * ({@code ip rule from <address>}) keeps it on that link — dead after a blackhole, paid for after a fail-back —
 * until the server or its 20-minute idle limit closes it. The client has no call that empties its pool, so on a
 * route switch the whole client is replaced: the next request opens a new, unbound connection that takes the
 * new default route. The old client is shut down at once where the JDK can ({@code HttpClient.shutdownNow},
 * Java 21 and later: its pooled sockets close and a request still waiting on the dead link fails and is sent
 * again); on Java 17 it is only dropped, and its idle sockets close when it is collected — never used again
 * either way.
 */
final class RouteBoundClient {

    private static final Logger LOG = LoggerFactory.getLogger(RouteBoundClient.class);
    /** {@code HttpClient.shutdownNow()} where the running JDK has it (21+), else null. */
    private static final Method SHUTDOWN_NOW = shutdownNow();

    private final Supplier<HttpClient> factory;
    private volatile HttpClient current;

    RouteBoundClient(Supplier<HttpClient> factory) {
        this.factory = factory;
        this.current = factory.get();
    }

    HttpClient get() {
        return current;
    }

    /** The route moved: later requests go over new connections; the old pool is closed where the JDK allows. */
    void renew(String why) {
        HttpClient old;
        synchronized (this) {
            old = current;
            current = factory.get();
        }
        LOG.info("HTTP fallback: {}: pooled connections dropped, the next request connects over the new route", why);
        retire(old);
    }

    /** The transport closes: the pool goes with it where the JDK allows. */
    void close() {
        retire(current);
    }

    private static void retire(HttpClient client) {
        if (SHUTDOWN_NOW == null) {
            return;
        }
        try {
            SHUTDOWN_NOW.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("HTTP client not shut down; it closes when collected", e);
        }
    }

    private static Method shutdownNow() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
