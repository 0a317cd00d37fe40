package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TCP port in one network namespace that reaches a TCP port in another, through a Unix socket (the filesystem
 * is shared by every namespace, the network is not): {@code socat TCP-LISTEN -> UNIX-CONNECT} on the listening
 * side, {@code socat UNIX-LISTEN -> TCP} on the other. Each connection is forwarded byte for byte, so a silent,
 * garbling or closing peer behind it looks the same from the front. {@link #stop()} closes the listening side:
 * its address then refuses connections (RST), as a dead service's address does, instead of accepting and closing
 * (which Paho 1.2.5 answers with a leaked thread, README "Findings").
 */
final class Bridge implements AutoCloseable {

    private final List<String> listenSide;
    private final List<String> connectSide;
    private final Path socket;
    private final Path log;
    private Process listener;
    private Process connector;

    /**
     * @param listenNs the namespace's command prefix ({@code ip netns exec NS}), empty for the campaign's own
     * @param connectNs the same for the side that connects to the service
     */
    Bridge(Path dir, String name, List<String> listenNs, String listenAddress, int listenPort, List<String> connectNs,
            String connectAddress, int connectPort) throws IOException {
        socket = dir.resolve(name + ".sock");
        log = dir.resolve(name + ".bridge.log");
        listenSide = new ArrayList<>(listenNs);
        listenSide.addAll(List.of("socat", "TCP-LISTEN:" + listenPort + ",bind=" + listenAddress + ",reuseaddr,fork",
                "UNIX-CONNECT:" + socket));
        connectSide = new ArrayList<>(connectNs);
        connectSide.addAll(List.of("socat", "UNIX-LISTEN:" + socket + ",fork,unlink-early",
                "TCP:" + connectAddress + ":" + connectPort + ",connect-timeout=2"));
        Files.deleteIfExists(socket);
        connector = start(connectSide);
        awaitSocket();
        start();
    }

    /** Listens again on the front. */
    void start() throws IOException {
        if (listener == null || !listener.isAlive()) {
            listener = start(listenSide);
        }
    }

    /** The front refuses connections; those it carried are closed. */
    void stop() {
        stop(listener);
    }

    private Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private void awaitSocket() throws IOException {
        long end = System.currentTimeMillis() + 10_000;
        while (!Files.exists(socket)) {
            if (System.currentTimeMillis() > end || !connector.isAlive()) {
                throw new IOException("socat did not listen on " + socket + ": " + Files.readString(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The forked children (one per connection) first, so no connection outlives its bridge. */
    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        stop(listener);
        stop(connector);
        Files.deleteIfExists(socket);
    }
}
