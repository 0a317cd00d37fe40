package org.cabinetgw.campaign;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cloud: a real Mosquitto (Debian's package) on a fixed loopback port, with persistence, so that a broker
 * killed with SIGKILL and started again still holds the independent subscriber's session (clean session off)
 * and queues what the gateway publishes before the subscriber is back. The database is written on SIGUSR1
 * just before the kill (Mosquitto's documented signal), as its autosave would have done a moment earlier.
 */
final class CloudBroker implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

    final int port;
    private final Path dir;
    private Process process;

    CloudBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE) && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub"));
    }

    void start() throws Exception {
        Files.createDirectories(dir);
        // as root Mosquitto drops to the user "mosquitto" unless told to stay
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\npersistence true\npersistence_location " + dir + "/\nautosave_interval 5\n"
                + "max_queued_messages 0\n" + user);
        process = new ProcessBuilder(EXECUTABLE.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(dir.resolve("broker.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    /** Saves the database (SIGUSR1), then SIGKILL: no clean shutdown, no last word to anyone. */
    void kill9() throws Exception {
        new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
