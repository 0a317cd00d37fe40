package org.cabinetgw.storage.internal;

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
 * Runs a system command (mdadm, smartctl, stat) with a timeout and a cap on the output it keeps.
 *
 * <p>The output goes to temporary files rather than pipes: a pipe must be drained while the process runs
 * (one more thread per stream), and a command stuck in the kernel (a dying disk, a hung NFS) must not
 * block anything but its own timeout. On timeout the process is killed.
 */
public final class CommandRunner {

    /** Output of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Keep at most this much of each stream; smartctl -j of a big disk is well under 64 KiB. */
    static final int MAX_OUTPUT_BYTES = 1 << 20;

    private CommandRunner() {
    }

    /**
     * Runs {@code command} and waits at most {@code timeout}.
     *
     * @throws IOException with a sentence when the program is missing, cannot start or times out
     */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        File program = new File(command.get(0));
        if (!program.isFile() || !program.canExecute()) {
            throw new IOException(command.get(0) + " is not an executable file");
        }
        Path out = Files.createTempFile("cabinetgw-storage-", ".out");
        Path err = Files.createTempFile("cabinetgw-storage-", ".err");
        Process process = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("LC_ALL", "C"); // numbers and messages in one fixed format
            process = pb.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            return new Result(process.exitValue(), read(out), read(err));
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Reads a /proc or ordinary file, refusing anything larger than the cap. */
    public static String readFile(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES + 1);
            if (bytes.length > MAX_OUTPUT_BYTES) {
                throw new IOException(path + " is larger than " + MAX_OUTPUT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }
}
