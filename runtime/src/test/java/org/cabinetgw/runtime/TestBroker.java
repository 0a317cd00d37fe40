package org.cabinetgw.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Eclipse Mosquitto (Debian's package) on a free loopback port, and the site configuration
 * (--config) that points the gateway's uplink at it.
 */
final class TestBroker implements AutoCloseable {

    final int port;
    private final Process process;

    private TestBroker(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto"));
    }

    static TestBroker start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return start(dir, port);
    }

    /** On a given port: the broker back where the gateway's configuration expects it. */
    static TestBroker start(Path dir, int port) throws IOException, InterruptedException {
        return start(dir, port, "allow_anonymous true\n");
    }

    /** With {@code settings} (mosquitto.conf lines, e.g. a password_file) instead of anonymous access. */
    static TestBroker start(Path dir, int port, String settings) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + port + " 127.0.0.1\n" + settings + "persistence false\n");
        Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new TestBroker(port, p);
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException("mosquitto did not listen on " + port);
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
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
