package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cabinetgw.testing.LocalMosquitto;

/**
 * A real Eclipse Mosquitto (Debian's package, started by the tests' one launcher {@link LocalMosquitto}) on a
 * free loopback port, and the site configuration (--config) that points the gateway's uplink at it.
 */
final class TestBroker implements AutoCloseable {

    final int port;
    private final LocalMosquitto broker;

    private TestBroker(LocalMosquitto broker) {
        this.port = broker.port;
        this.broker = broker;
    }

    static boolean available() {
        return LocalMosquitto.installed();
    }

    static TestBroker start(Path dir) throws Exception {
        return new TestBroker(new LocalMosquitto(dir).start());
    }

    /** On a given port: the broker back where the gateway's configuration expects it. */
    static TestBroker start(Path dir, int port) throws Exception {
        return new TestBroker(new LocalMosquitto(dir, port).start());
    }

    /** With {@code access} (mosquitto.conf lines, e.g. a password_file) instead of anonymous access. */
    static TestBroker start(Path dir, int port, String access) throws Exception {
        return new TestBroker(new LocalMosquitto(dir, port).start(access));
    }

    /** A --config file for the gateway: its MQTT transport talks to this broker. */
    Path siteConfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("site.json"), """
                {
                  ":configurator:resource-version": 1,
                  ":configurator:symbolic-name": "test.site",
                  ":configurator:version": "1.0.0",
                  "org.cabinetgw.uplink.mqtt": {
                    "server.uri": "tcp://127.0.0.1:%d",
                    "client.id": "cabinetgw-test-%d"
                  }
                }
                """.formatted(port, ProcessHandle.current().pid()));
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }
}
