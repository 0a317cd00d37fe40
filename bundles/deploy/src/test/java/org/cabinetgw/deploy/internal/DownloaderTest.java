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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Downloads from a real HTTP server on a loopback port: limits, timeouts, progress, hash. */
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
