package org.cabinetgw.network.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command without a shell (arguments are never interpreted), with a timeout, and returns its
 * exit code and output. The configured prefix (e.g. {@code ip netns exec gw}, or {@code sudo -n}) goes first.
 */
class CommandRunner {

    /** Output beyond this is dropped: the commands we run print a few lines. */
    private static final int MAX_OUTPUT = 64 * 1024;

    record Result(int exitCode, String output) {
    }

    private final List<String> prefix;
    private final long timeoutMillis;

    CommandRunner(List<String> prefix, long timeoutMillis) {
        this.prefix = List.copyOf(prefix);
        this.timeoutMillis = timeoutMillis;
    }

    /** Runs the command; a missing program, a timeout or an interrupt is a RoutingException naming the command. */
    Result run(List<String> command) throws RoutingException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        String shown = String.join(" ", full);
        Process process;
        try {
            process = new ProcessBuilder(full).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new RoutingException("cannot run '" + shown + "': " + e.getMessage());
        }
        try (InputStream in = process.getInputStream()) {
            process.getOutputStream().close();
            // The output of ip is a few lines, far below a pipe's buffer: waiting first cannot block the child.
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RoutingException("'" + shown + "' did not finish within " + timeoutMillis + " ms");
            }
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            return new Result(process.exitValue(), new String(bytes, StandardCharsets.UTF_8).trim());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RoutingException("interrupted while running '" + shown + "'");
        } catch (IOException e) {
            process.destroyForcibly();
            throw new RoutingException("cannot read the output of '" + shown + "': " + e.getMessage());
        }
    }

    /** Runs the command and fails unless it exits with 0. */
    String runOk(List<String> command) throws RoutingException {
        Result result = run(command);
        if (result.exitCode() != 0) {
            List<String> full = new ArrayList<>(prefix);
            full.addAll(command);
            throw new RoutingException("'" + String.join(" ", full) + "' failed with exit code " + result.exitCode()
                    + (result.output().isEmpty() ? "" : ": " + firstLine(result.output())));
        }
        return result.output();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
