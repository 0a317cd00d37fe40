package org.cabinetgw.uplink.itest;

import java.io.IOException;
import java.nio.file.Path;

import org.cabinetgw.testing.LocalMosquitto;
import org.junit.jupiter.api.Assumptions;

/**
 * The uplink tests' broker: a real Eclipse Mosquitto started by the tests' one launcher
 * ({@link LocalMosquitto}), with persistence in its directory and no queue limits, so a graceful restart
 * keeps queued messages for persistent subscribers. A test is skipped where Mosquitto is not installed.
 */
public final class Mosquitto implements AutoCloseable {

    private final LocalMosquitto broker;

    public Mosquitto(Path dir) throws IOException {
        Assumptions.assumeTrue(LocalMosquitto.installed(),
                "Mosquitto is not installed: apt-get install -y mosquitto mosquitto-clients");
        broker = new LocalMosquitto(dir).with("persistence true\npersistence_location " + dir + "/\n"
                + "max_queued_messages 1000000\nmax_inflight_messages 0\n");
    }

    public static int freePort() throws IOException {
        return LocalMosquitto.freePort();
    }

    public int port() {
        return broker.port;
    }

    public String uri() {
        return broker.uri();
    }

    public Mosquitto start() throws Exception {
        broker.start();
        return this;
    }

    /** SIGTERM: the broker saves its persistence (queued messages for persistent sessions) and exits. */
    public void stop() throws InterruptedException {
        broker.stop();
    }

    /** SIGKILL: the broker vanishes without a word. */
    public void kill() throws InterruptedException {
        broker.kill();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
