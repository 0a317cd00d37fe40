package org.cabinetgw.support.internal.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program without a shell (arguments are never interpreted), with a timeout and a cap on the
 * output kept. The output goes to temporary files rather than pipes: a pipe must be drained while the process
 * runs (one more thread per stream, or a child blocked on a full pipe), and a command stuck in the kernel (a
 * dying disk, a hung NFS) must block nothing but its own timeout. On timeout or interrupt the process is killed.
 * Messages and numbers come in one fixed format ({@code LC_ALL=C}); standard input is empty.
 */
public final class ExternalCommand {

    /** The exit code and what the program printed ({@code stderr} empty when merged into {@code stdout}). */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ExternalCommand() {
    }

    /**
     * Runs {@code command} and waits at most {@code timeout}; keeps at most {@code maxOutputBytes} of each
     * stream. {@code mergeErrors}: standard error goes into {@code stdout}, in the order printed.
     *
     * @throws IOException naming the command when it cannot start ("cannot run '...': ..."), does not finish in
     *                     time ("'...' did not finish within N ms and was killed") or its output cannot be read
     * @throws InterruptedException when the caller is interrupted (the process is killed)
     */
    public static Result run(List<String> command, Duration timeout, int maxOutputBytes, boolean mergeErrors)
            throws IOException, InterruptedException {
        String shown = String.join(" ", command);
        Path out = Files.createTempFile("cabinetgw-command-", ".out");
        Path err = mergeErrors ? null : Files.createTempFile("cabinetgw-command-", ".err");
        Process process = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (mergeErrors) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(err.toFile());
            }
            pb.environment().put("LC_ALL", "C");
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new IOException("cannot run '" + shown + "': " + e.getMessage(), e);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("'" + shown + "' did not finish within " + timeout.toMillis()
                        + " ms and was killed");
            }
            return new Result(process.exitValue(), read(out, maxOutputBytes),
                    err == null ? "" : read(err, maxOutputBytes));
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(out);
            if (err != null) {
                Files.deleteIfExists(err);
            }
        }
    }

    private static String read(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        }
    }
}
