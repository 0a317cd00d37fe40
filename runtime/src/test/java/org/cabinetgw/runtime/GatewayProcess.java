package org.cabinetgw.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cabinetgw.testing.Await;

/** The real gateway jar, started as a child JVM the way an integrator starts it. */
final class GatewayProcess implements AutoCloseable {

    /** The runtime module's folder: the working directory under Surefire/Failsafe, passed in for exec:java. */
    static final Path MODULE = Path.of(System.getProperty("cabinetgw.runtime.dir", "."));
    static final Path JAR = MODULE.resolve("target/cabinetgw.jar");
    static final Path DEMO_JAR = MODULE.resolve("target/cabinetgw-demo.jar");
    private static final Pattern PASSWORD = Pattern.compile("the web console password is (\\S+)");

    final Path data;
    final int port;
    final Path output;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private GatewayProcess(Path data, int port, Path output, Process process) {
        this.data = data;
        this.port = port;
        this.output = output;
        this.process = process;
    }

    static GatewayProcess start(Path data, String... extraArgs) throws IOException {
        return start(JAR, data, extraArgs);
    }

    static GatewayProcess start(Path jar, Path data, String... extraArgs) throws IOException {
        return start(jar, List.of("-Xmx96m"), data, extraArgs);
    }

    /** Starts {@code jar} with the given JVM options (the startup benchmark compares them). */
    static GatewayProcess start(Path jar, List<String> jvmOptions, Path data, String... extraArgs) throws IOException {
        return start(List.of(), jar, jvmOptions, data, extraArgs);
    }

    /**
     * As {@link #start(Path, List, Path, String...)}, the java command run through {@code launcher} (e.g.
     * {@code nice -n -15}, which execs java: the process id stays the JVM's).
     */
    static GatewayProcess start(List<String> launcher, Path jar, List<String> jvmOptions, Path data,
            String... extraArgs) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(javaBin());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--data", data.toString(), "--http-port",
                Integer.toString(port), "--no-shell"));
        cmd.addAll(List.of(extraArgs));
        return exec(cmd, data, port);
    }

    /** Runs a command line that starts the gateway with {@code --data data} and {@code --http-port port}. */
    static GatewayProcess exec(List<String> command, Path data, int port) throws IOException {
        Path out = Files.createTempFile("cabinetgw-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new GatewayProcess(data, port, out, p);
    }

    /** Runs the jar with the given arguments to completion: exit code and everything it printed. */
    static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit: " + args);
        }
        return new Result(p.exitValue(), text);
    }

    record Result(int exitCode, String output) {
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String form, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until /health answers at all (200 or 503, with its JSON), whatever the cabinet's state. */
    HttpResponse<String> awaitHealth() throws Exception {
        return awaitHealth("/health");
    }

    /**
     * Waits until the first start is complete: the deploy agent has installed the capabilities' packages the
     * jar ships (until then it is DEGRADED, "installing the packages the gateway ships with"), so their
     * components, configurations and health exist. At a restart it has nothing to install.
     */
    HttpResponse<String> awaitShippedPackages() throws Exception {
        return awaitHealthWhere(b -> b.contains("\"deploy.agent\":{\"status\"")
                && !b.contains("installing the packages the gateway ships with"), "the shipped packages installed");
    }

    /** Waits (60 s at most) until the /health document satisfies the condition; fails showing the last one. */
    HttpResponse<String> awaitHealthWhere(java.util.function.Predicate<String> condition, String what)
            throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Optional<HttpResponse<String>> r = Await.within(Duration.ofSeconds(60), () -> {
            last.set(awaitHealth());
            return last.get();
        }, h -> condition.test(h.body()));
        if (r.isEmpty()) {
            throw new AssertionError("/health never showed " + what + "; last: "
                    + (last.get() == null ? "no answer" : last.get().body()) + "\n" + output());
        }
        return r.get();
    }

    /** The same for the health endpoint at another path (after it was moved in the configuration). */
    HttpResponse<String> awaitHealth(String path) throws Exception {
        return await(path, s -> s == 200 || s == 503, "200 or 503", 60_000);
    }

    /** Waits until GET path answers the status; fails with what the gateway printed if it never does. */
    HttpResponse<String> await(String path, int status, long timeoutMillis) throws Exception {
        return await(path, s -> s == status, Integer.toString(status), timeoutMillis);
    }

    private HttpResponse<String> await(String path, java.util.function.IntPredicate accepted, String what,
            long timeoutMillis) throws Exception {
        AtomicReference<String> last = new AtomicReference<>("no answer");
        Optional<HttpResponse<String>> r = Await.within(Duration.ofMillis(timeoutMillis), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> answer = get(path, null, null);
                last.set(answer.statusCode() + " " + answer.body());
                return answer;
            } catch (IOException e) {
                last.set(e.toString());
                return null;
            }
        }, answer -> answer != null && accepted.test(answer.statusCode()));
        if (r.isEmpty()) {
            throw new AssertionError("GET " + path + " never answered " + what + " (last: " + last.get() + ")\n" + output());
        }
        return r.get();
    }

    /**
     * Waits until the web console accepts the credentials: it re-registers itself once when its
     * configuration arrives, and answers 401 for that moment.
     */
    HttpResponse<String> awaitConsole(String path, String user, String password) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Optional<HttpResponse<String>> r = Await.within(Duration.ofSeconds(20), () -> {
            last.set(get(path, user, password));
            return last.get();
        }, answer -> answer.statusCode() == 200);
        if (r.isEmpty() && last.get() == null) {
            throw new AssertionError("GET " + path + " never answered within 20 s\n" + output());
        }
        return r.orElseGet(last::get); // not 200 in time: the last answer, whose status the caller asserts
    }

    /** Types a line into the gateway's terminal (its standard input; the shell reads it with --shell). */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    long pid() {
        return process.pid();
    }

    /** When the process started (wall clock, ms): the origin of the launcher's start timeline. */
    long startMillis() {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElseThrow();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    /** The password printed at first start, or null; waits for the start banner, which follows readiness. */
    String printedPassword() throws IOException, InterruptedException {
        Await.within(Duration.ofSeconds(20), this::output, o -> o.contains("started in"));
        Matcher m = PASSWORD.matcher(output());
        return m.find() ? m.group(1) : null;
    }

    /**
     * Stops it as systemd does (SIGTERM); true when it stopped cleanly: the JVM exits with 143 on
     * SIGTERM (128 + 15) whatever its shutdown hooks did, so the gateway's own last line tells.
     */
    boolean stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not stop within 40 s of SIGTERM");
        }
        int code = process.exitValue();
        return (code == 0 || code == 143) && output().contains("Cabinet Gateway stopped");
    }

    /** A power cut, as far as the gateway can tell: SIGKILL, no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway did not die of SIGKILL within 20 s");
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
