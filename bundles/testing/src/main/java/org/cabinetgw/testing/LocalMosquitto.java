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
 * A real Mosquitto (Debian's package) on a free loopback port, for tests that need an independent broker;
 * {@link #start} returns once it listens, its log is {@code broker.log} in the directory given.
 */
public final class LocalMosquitto implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

    public final int port;
    private final Path dir;
    private Process process;

    public LocalMosquitto(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /**
     * Writes a Mosquitto password file (mosquitto_passwd, Debian's mosquitto package) with the given users and
     * passwords, {@code user1, password1, user2, password2, ...}; for {@code password_file} in {@link #start(String)}.
     */
    public static Path passwordFile(Path file, String... usersAndPasswords) throws IOException, InterruptedException {
        for (int i = 0; i + 1 < usersAndPasswords.length; i += 2) {
            ProcessBuilder pb = i == 0
                    ? new ProcessBuilder("mosquitto_passwd", "-c", "-b", file.toString(), usersAndPasswords[i], usersAndPasswords[i + 1])
                    : new ProcessBuilder("mosquitto_passwd", "-b", file.toString(), usersAndPasswords[i], usersAndPasswords[i + 1]);
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mosquitto_passwd failed for " + usersAndPasswords[i] + ": " + out);
            }
        }
        return file;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public LocalMosquitto start() throws Exception {
        return start("allow_anonymous true\n");
    }

    /** Started with {@code settings} (lines of mosquitto.conf, e.g. a password_file) after the listener. */
    public LocalMosquitto start(String settings) throws Exception {
        // as root Mosquitto drops to the user "mosquitto" unless told to stay
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n" + settings + user);
        process = new ProcessBuilder(EXECUTABLE.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("broker.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port);
    }

    /** Kills the broker at once (no clean shutdown). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
