package org.cabinetgw.campaign;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real gateway jar as a child JVM, started the way an integrator starts it, and what the campaign needs
 * beyond runtime's GatewayProcess: its pid for signals (kill -9, SIGSTOP, SIGCONT), a restart on the same data
 * directory and port, an environment (libfaketime), its threads and open files from /proc, and its console
 * output appended across restarts. Kept minimal on purpose: the shared fixtures are being consolidated into
 * bundles/testing, where a common gateway starter belongs.
 */
final class GatewayUnderTest implements AutoCloseable {

    private final Path jar;
    private final Path data;
    private final Path site;
    private final int port;
    private final Path output;
    private volatile Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> prefix;
    private Process process;
    private volatile long startedNanos;

    /** @param prefix what runs the JVM in the gateway's network namespace ({@code ip netns exec NS}), or empty */
    GatewayUnderTest(Path jar, Path data, Path site, int port, Path output, Map<String, String> environment,
            List<String> prefix) {
        this.prefix = prefix;
        this.jar = jar;
        this.data = data;
        this.site = site;
        this.port = port;
        this.output = output;
        this.environment = environment;
    }

    /** Starts it again (same data, port and site file) with this environment from now on. */
    void start(Map<String, String> newEnvironment) throws IOException {
        environment = newEnvironment;
        start();
    }

    /** As systemd stops it: SIGTERM, and at most 60 s for the orderly stop. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    void start() throws IOException {
        // ip netns exec execs the command: the pid is the JVM's, for signals and /proc
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toAbsolutePath().toString(), "--data", data.toString(), "--http-port",
                Integer.toString(port), "--no-shell", "--config", site.toString(), "--console-password-file",
                site.resolveSibling("console-password").toString()));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        b.environment().putAll(environment);
        process = b.start();
        startedNanos = System.nanoTime();
    }

    /** Seconds since this process was started (monotonic). */
    double age() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** A power cut as far as the gateway can tell: SIGKILL, no shutdown hook runs. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    void signal(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    /** GET /health: the document (200 or 503), or null when the gateway does not answer within 2 s. */
    Health health() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 || r.statusCode() == 503 ? Health.parse(r.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** GET of {@code path} (e.g. /failover/history): the body when it answered 200 within 5 s, else null. */
    String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** POSTs a form to the web console as {@code user}; the HTTP status, or -1 when it did not answer. */
    int postForm(String path, String form, String user, String password) {
        try {
            String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Threads of the JVM (/proc/PID/task), or -1 when it is not running; without logback's scheduler pool
     * ({@link ThreadNames#LOGBACK_POOL}), which grows by one thread every 30 s up to 8 whatever the faults do.
     */
    int threads() {
        java.util.Map<String, Integer> names = ThreadNames.of(pid());
        return names.isEmpty() ? -1 : ThreadNames.countBesidesLogbackPool(names);
    }

    /** Open file descriptors of the JVM, or -1. */
    int fds() {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The heap in use after a full collection, in KiB (the JDK's {@code jcmd PID GC.run}, then {@code GC.heap_info}:
     * "used NK" of its first line); -1 when jcmd cannot tell. A full collection, so garbage not yet collected does
     * not count: what is left is what the gateway holds.
     */
    long heapAfterGcKiB() {
        try {
            jcmd("GC.run");
            return HeapInfo.usedKiB(jcmd("GC.heap_info"));
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The classes on the heap by bytes after a full collection ({@code jcmd PID GC.class_histogram}, its first
     * {@code lines} lines): what a growing heap is made of. "" when jcmd cannot tell.
     */
    String classHistogram(int lines) {
        try {
            return String.join("\n", jcmd("GC.class_histogram").lines().limit(lines).toList());
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + ": " + out);
        }
        return out;
    }

    /** Everything it printed on its console, across restarts. */
    List<String> lines() throws IOException {
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    Path output() {
        return output;
    }

    Path data() {
        return data;
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            try {
                signal("CONT"); // a campaign stopped mid-freeze must not leave a stopped JVM behind
            } catch (IOException e) {
                // gone meanwhile
            }
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
