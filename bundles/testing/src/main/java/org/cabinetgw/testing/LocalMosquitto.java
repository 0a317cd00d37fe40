package org.cabinetgw.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto (Debian's package) on a loopback port, for tests that need an independent broker: the one
 * launcher every module's tests use (unit, in-framework and end-to-end). {@link #start} returns once it
 * listens; its configuration is {@code mosquitto.conf} and its log {@code broker.log} in the directory
 * given. It can be stopped, killed and started again on the same port (a broker that comes back).
 */
public final class LocalMosquitto implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

    public final int port;
    private final Path dir;
    private final StringBuilder settings = new StringBuilder();
    private Process process;

    /** On a free port. */
    public LocalMosquitto(Path dir) throws IOException {
        this(dir, freePort());
    }

    /** On a given port: e.g. the broker back where a gateway's configuration expects it. */
    public LocalMosquitto(Path dir, int port) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** A loopback port free now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("broker.log");
    }

    /**
     * Lines added to the configuration at the next {@link #start} (persistence, limits, more listeners); the
     * broker's own listener, anonymous access and, as root, {@code user root} are always there.
     */
    public LocalMosquitto with(String configurationLines) {
        settings.append(configurationLines.endsWith("\n") ? configurationLines : configurationLines + "\n");
        return this;
    }

    public LocalMosquitto start() throws Exception {
        // as root Mosquitto drops to the user "mosquitto" unless told to stay, and could then not read or
        // write the test's private directory
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + user + settings);
        process = new ProcessBuilder(EXECUTABLE.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("mosquitto exited: " + Files.readString(log()));
                }
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("mosquitto did not listen on " + port + ": " + Files.readString(log()));
    }

    /** SIGTERM: the broker saves its persistence (queued messages for persistent sessions) and exits. */
    public void stop() throws InterruptedException {
        end(false);
    }

    /** SIGKILL: the broker vanishes without a word. */
    public void kill() throws InterruptedException {
        end(true);
    }

    private void end(boolean forcibly) throws InterruptedException {
        if (process != null && process.isAlive()) {
            if (forcibly) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
