package org.cabinetgw.storage.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cabinetgw.support.internal.exec.ExternalCommand;

/**
 * Runs a system command (mdadm, smartctl, stat) with a timeout and a cap on the output it keeps.
 *
 * <p>The running itself (no shell, output through temporary files, killed at its timeout, {@code LC_ALL=C}) is the
 * support library's {@link ExternalCommand}; this class adds the storage bundle's rule that the program is named
 * by its absolute path (a configured smartctl.path must be an executable file).
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
        ExternalCommand.Result r = ExternalCommand.run(command, timeout, MAX_OUTPUT_BYTES, false);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
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
}
