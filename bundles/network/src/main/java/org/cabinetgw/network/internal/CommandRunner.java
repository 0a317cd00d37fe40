package org.cabinetgw.network.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.support.internal.exec.ExternalCommand;

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
        try {
            // the output of ip is a few lines; standard error merged in, as the message of a failure is there
            ExternalCommand.Result r = ExternalCommand.run(full, Duration.ofMillis(timeoutMillis), MAX_OUTPUT, true);
            return new Result(r.exitCode(), r.stdout().trim());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingException("interrupted while running '" + shown + "'");
        } catch (IOException e) {
            // "cannot run '...': ...", "'...' did not finish within N ms and was killed"
            throw new RoutingException(e.getMessage());
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
