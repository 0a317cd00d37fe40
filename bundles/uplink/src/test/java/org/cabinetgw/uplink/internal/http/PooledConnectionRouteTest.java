package org.cabinetgw.uplink.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.net.httpserver.HttpServer;

/**
 * A route switch empties the HTTP fallback's connection pool: a keep-alive connection opened over the old link
 * keeps that link's source address (and the per-link rule keeps it there), so the first request after the
 * switch must open a new connection. Seen from a real HTTP server as the client's port: the same port is the
 * same pooled connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PooledConnectionRouteTest {

    private HttpServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private HttpTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ingest", exchange -> {
            exchange.getRequestBody().readAllBytes();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        transport = new HttpTransport(HttpSettings.of(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ingest")));
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
    }

    @Test
    void theFirstRequestAfterARouteSwitchOpensANewConnection() throws Exception {
        send("a");
        send("b");
        assertThat(clientPorts.get(1)).as("without a switch the pooled connection is reused (keep-alive)")
                .isEqualTo(clientPorts.get(0));

        transport.routeChanged("default route moved from wired to cellular (FAILOVER)");
        send("c");
        assertThat(clientPorts.get(2)).as("after the switch a new connection, not the one bound to the old link")
                .isNotEqualTo(clientPorts.get(0));
        send("d");
        assertThat(clientPorts.get(3)).as("and the new connection is pooled in turn").isEqualTo(clientPorts.get(2));
    }

    private void send(String id) throws Exception {
        assertThat(OneMessage.send(transport, id)).isEqualTo("delivered");
    }
}
