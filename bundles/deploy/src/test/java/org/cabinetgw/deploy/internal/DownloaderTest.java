package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Downloads from a real HTTP server on a loopback port: limits, timeouts, progress, hash, a request's options. */
class DownloaderTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private String base;
    private final byte[] payload = new byte[300_000];

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(payload);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok.dp", x -> {
            x.sendResponseHeaders(200, payload.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(payload);
            }
        });
        server.createContext("/chunked.dp", x -> {
            x.sendResponseHeaders(200, 0); // no length: the limit must be enforced while reading
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write(payload, 0, 100_000);
                }
            }
        });
        server.createContext("/trickle.dp", x -> {
            x.sendResponseHeaders(200, 60 * 1000);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 60; i++) {
                    out.write(payload, 0, 1000);
                    out.flush();
                    sleep(100);
                }
            } catch (IOException e) {
                // the client went away
            }
        });
        server.createContext("/stall.dp", x -> {
            x.sendResponseHeaders(200, payload.length);
            OutputStream out = x.getResponseBody();
            out.write(payload, 0, 1000);
            out.flush();
            sleep(3000);
            x.close();
        });
        server.createContext("/short.dp", x -> {
            x.sendResponseHeaders(200, payload.length);
            x.getResponseBody().write(payload, 0, 1000);
            x.getResponseBody().flush();
            x.getHttpContext().getServer(); // then the exchange is dropped mid-body
            x.close();
        });
        server.createContext("/redirect.dp", x -> {
            x.getResponseHeaders().add("Location", base + "/ok.dp");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a stall holds up no other request
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Downloader downloader(Map<String, Object> overrides) {
        return new Downloader(Configs.settings(overrides));
    }

    @Test
    void downloadsWithProgressAndTheRightHash() throws Exception {
        List<long[]> progress = new ArrayList<>();
        Downloader.Result r = downloader(Map.of()).fetch(URI.create(base + "/ok.dp"), dir.resolve("a.part"),
                (received, total) -> progress.add(new long[] { received, total }));
        assertThat(r.size()).isEqualTo(payload.length);
        assertThat(Files.readAllBytes(r.file())).isEqualTo(payload);
        assertThat(r.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(payload.length, payload.length);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
        }
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeReading() {
        assertThatThrownBy(() -> downloader(Map.of("download_max_megabytes", 1)).fetch(URI.create(base + "/chunked.dp"),
                dir.resolve("b.part"), (a, b) -> { }))
                .isInstanceOf(Downloader.DownloadException.class).hasMessageContaining("exceeds the limit of 1048576");
        assertThat(dir.resolve("b.part")).doesNotExist();
    }

    @Test
    void aServerThatStallsHitsTheReadTimeout() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> downloader(Map.of("download_read_timeout_seconds", 1)).fetch(URI.create(base + "/stall.dp"),
                dir.resolve("c.part"), (a, b) -> { }))
                .isInstanceOf(Downloader.DownloadException.class).hasMessageContaining("stalled");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2900);
        assertThat(dir.resolve("c.part")).doesNotExist();
    }

    @Test
    void abortEndsAFlowingDownloadAtItsNextRead() throws Exception {
        Downloader d = downloader(Map.of());
        Thread aborter = new Thread(() -> {
            sleep(300);
            d.abort();
        });
        aborter.start();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> d.fetch(URI.create(base + "/trickle.dp"), dir.resolve("f.part"), (a, b) -> { }))
                .hasMessage("the deploy agent stopped during the download");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000); // the whole trickle takes 6 s
        assertThat(dir.resolve("f.part")).doesNotExist();
        aborter.join();
    }

    @Test
    void missingFilesRedirectsAndClosedPortsAreReportedClearly() throws Exception {
        assertThatThrownBy(() -> downloader(Map.of()).fetch(URI.create(base + "/nothing.dp"), dir.resolve("d"), (a, b) -> { }))
                .hasMessage("the server answered HTTP 404 for /nothing.dp");
        assertThatThrownBy(() -> downloader(Map.of()).fetch(URI.create(base + "/redirect.dp"), dir.resolve("d"), (a, b) -> { }))
                .hasMessage("the server answered HTTP 302 for /redirect.dp");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> downloader(Map.of()).fetch(URI.create("http://127.0.0.1:" + closed + "/x.dp"), dir.resolve("d"),
                (a, b) -> { })).isInstanceOf(Downloader.DownloadException.class).hasMessageContaining("cannot reach 127.0.0.1:" + closed);
    }

    @Test
    void aTruncatedBodyIsNotTakenForAPackage() {
        assertThatThrownBy(() -> downloader(Map.of()).fetch(URI.create(base + "/short.dp"), dir.resolve("e.part"), (a, b) -> { }))
                .isInstanceOf(IOException.class);
        assertThat(dir.resolve("e.part")).doesNotExist();
    }

    // A request's download options (DownloadOptions) applied: pace, deadline, cancel during a pause, timeout.

    @Test
    void aPacedDownloadTakesAtLeastOneBlockDelayPerBlock() throws Exception {
        Downloader d = downloader(Map.of());
        long t0 = System.nanoTime();
        List<Long> seen = new ArrayList<>();
        Downloader.Result r = d.fetch(URI.create(base + "/ok.dp"), dir.resolve("a.part"),
                new DownloadOptions(32_768, 0, 0, 100), (received, total) -> seen.add(received));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.size()).isEqualTo(payload.length);
        // 300,000 bytes in blocks of 32 KiB, one per 100 ms: the 10th block is due 1000 ms after the start
        assertThat(ms).as("elapsed ms").isGreaterThanOrEqualTo(1000);
        List<Long> counts = seen.stream().distinct().toList();
        assertThat(counts).isSortedAccordingTo(Long::compare).last().isEqualTo((long) payload.length);
        for (int i = 1; i < counts.size(); i++) {
            assertThat(counts.get(i) - counts.get(i - 1)).as("no read larger than the block").isLessThanOrEqualTo(32_768);
        }
        long unpaced0 = System.nanoTime();
        d.fetch(URI.create(base + "/ok.dp"), dir.resolve("b.part"), new DownloadOptions(32_768, 0, 0, 0), (a, b) -> { });
        assertThat((System.nanoTime() - unpaced0) / 1_000_000).as("without a delay: no pause").isLessThan(ms);
    }

    @Test
    void aPaceThatCannotMeetTheDeadlineFailsAtOnceNamingThePace() {
        Downloader d = downloader(Map.of("download_deadline_seconds", 60));
        long t0 = System.nanoTime();
        // 300,000 bytes in 1 KiB blocks, 2 s each: ten minutes, past the 60 s deadline
        assertThatThrownBy(() -> d.fetch(URI.create(base + "/ok.dp"), dir.resolve("c.part"),
                new DownloadOptions(1024, 0, 0, 2000), (a, b) -> { }))
                .isInstanceOf(Downloader.DownloadException.class)
                .hasMessageContaining("cannot keep the pace").hasMessageContaining("1024 bytes every 2000 ms")
                .hasMessageContaining("deadline of 60 s");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("refused before the first byte, not after a minute")
                .isLessThan(20_000);
        assertThat(dir.resolve("c.part")).doesNotExist();
    }

    @Test
    void aPauseEndsWhenTheDownloadIsCancelledOrTheAgentStops() {
        Downloader d = downloader(Map.of());
        AtomicBoolean cancel = new AtomicBoolean();
        new Thread(() -> {
            sleep(500);
            cancel.set(true);
        }).start();
        long t0 = System.nanoTime();
        // 1 KiB blocks, one a second: minutes, unless the pause sees the cancel
        assertThatThrownBy(() -> d.fetch(URI.create(base + "/ok.dp"), dir.resolve("d.part"),
                new DownloadOptions(1024, 0, 0, 1000), (a, b) -> {
                    if (cancel.get()) {
                        throw new JobProgress.Cancelled();
                    }
                })).isInstanceOf(JobProgress.Cancelled.class);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);

        new Thread(() -> {
            sleep(500);
            d.abort();
        }).start();
        long t1 = System.nanoTime();
        assertThatThrownBy(() -> d.fetch(URI.create(base + "/ok.dp"), dir.resolve("e.part"),
                new DownloadOptions(1024, 0, 0, 1000), (a, b) -> { })).hasMessage("the deploy agent stopped during the download");
        assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(20_000);
        assertThat(dir.resolve("d.part")).doesNotExist();
        assertThat(dir.resolve("e.part")).doesNotExist();
    }

    @Test
    void aShorterTimeoutFromTheRequestEndsAStallEarlierAndALongerOneDoesNot() {
        Downloader d = downloader(Map.of("download_read_timeout_seconds", 30));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> d.fetch(URI.create(base + "/stall.dp"), dir.resolve("f.part"),
                new DownloadOptions(0, 0, 1500, 0), (a, b) -> { }))
                .hasMessage("the download stalled for longer than 1.5 s (the request's dp.download.timeout)");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("before the server's 3 s stall ends, long before the agent's 30 s")
                .isLessThan(2900);

        Downloader strict = downloader(Map.of("download_read_timeout_seconds", 1));
        assertThatThrownBy(() -> strict.fetch(URI.create(base + "/stall.dp"), dir.resolve("g.part"),
                new DownloadOptions(0, 0, 60_000, 0), (a, b) -> { }))
                .as("the request's 60 s does not lengthen the agent's 1 s")
                .hasMessage("the download stalled for longer than 1 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
