package org.cabinetgw.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto (Debian's package) on a loopback port, for tests that need an independent broker: the one
 * launcher every module's tests use (unit, in-framework and end-to-end). {@link #start} returns once it
 * listens; its configuration is {@code mosquitto.conf} and its log {@code broker.log} in the directory
 * given. It can be stopped, killed and started again on the same port (a broker that comes back).
 */
public final class LocalMosquitto implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
    private static final String ANONYMOUS = "allow_anonymous true\n";

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

    public Path log() {
        return dir.resolve("broker.log");
    }

    /**
     * Lines added to the configuration at the next {@link #start} (persistence, limits, more listeners); the
     * broker's own listener, its access lines (anonymous unless {@link #start(String)} says otherwise) and, as
     * root, {@code user root} are always there.
     */
    public LocalMosquitto with(String configurationLines) {
        settings.append(configurationLines.endsWith("\n") ? configurationLines : configurationLines + "\n");
        return this;
    }

    public LocalMosquitto start() throws Exception {
        return start(ANONYMOUS);
    }

    /**
     * Started with {@code access} (mosquitto.conf lines, e.g. {@code allow_anonymous false} and a
     * {@code password_file}) in place of anonymous access; the lines given to {@link #with} follow.
     */
    public LocalMosquitto start(String access) throws Exception {
        // as root Mosquitto drops to the user "mosquitto" unless told to stay, and could then not read or
        // write the test's private directory
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + port + " 127.0.0.1\n" + (access.endsWith("\n") ? access : access + "\n") + user + settings);
        process = new ProcessBuilder(EXECUTABLE.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                if (s.getLocalPort() != port) {
                    return this;
                }
                // a TCP self-connection (the probe's own ephemeral port was the broker's): nobody listens yet
                Thread.sleep(50);
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

    /**
     * Persistence in its own directory ({@code persistence true}, {@code persistence_location}): a broker stopped,
     * killed after {@link #saveThenKill} or started again keeps its retained messages and persistent sessions.
     */
    public LocalMosquitto withPersistence() {
        return with("persistence true\npersistence_location " + dir + "/\n");
    }

    /**
     * Its database written now (SIGUSR1, Mosquitto's documented signal: it saves as its autosave would), then
     * SIGKILL: a broker that dies hard a moment after its last save, with no clean shutdown and no last word to
     * anyone. Waits (at most 10 s) until the new database is in place; needs {@link #withPersistence}.
     */
    public void saveThenKill() throws Exception {
        Path database = dir.resolve(DATABASE);
        String before = stamp(database);
        Process usr1 = new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start();
        if (!usr1.waitFor(10, TimeUnit.SECONDS) || usr1.exitValue() != 0) {
            throw new AssertionError("kill -USR1 " + process.pid() + " failed");
        }
        // Mosquitto writes mosquitto.db.new and renames it over mosquitto.db: a new file each save
        Await.until("mosquitto's database saved after SIGUSR1 (" + database + ")", Duration.ofSeconds(10),
                () -> stamp(database), now -> !now.equals(before));
        kill();
    }

    /** The database's persistence file name in {@code persistence_location}. */
    private static final String DATABASE = "mosquitto.db";

    /** A file's identity and time ("" when absent): changes when Mosquitto renames a new save over it. */
    private static String stamp(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.fileKey() + "@" + a.lastModifiedTime().toMillis() + "/" + a.size();
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
