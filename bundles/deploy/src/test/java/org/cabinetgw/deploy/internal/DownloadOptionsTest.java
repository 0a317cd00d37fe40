package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpServer;

/**
 * The download options of a DEPLOY-V2 request (Kura's dp.download.block.size, .notify.block.size, .timeout,
 * .block.delay): read by the one request parser, applied by the downloader against a real HTTP server on a loopback
 * port, each within the agent's own limits.
 */
class DownloadOptionsTest {

    private static final String HASH = "SHA256:" + "ab".repeat(32);

    @TempDir
    Path dir;
    private HttpServer server;
    private String base;
    private final byte[] payload = new byte[64 * 1024];

    @BeforeEach
    void start() throws IOException {
        new Random(11).nextBytes(payload);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok.dp", x -> {
            x.sendResponseHeaders(200, payload.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(payload);
            }
        });
        server.createContext("/stall.dp", x -> {
            x.sendResponseHeaders(200, payload.length);
            OutputStream out = x.getResponseBody();
            out.write(payload, 0, 1000);
            out.flush();
            sleep(8000);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a stall does not hold up the next request
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static DownloadRequest parse(String extra) throws RequestException {
        String json = "{'dp.uri':'https://repo.example/f-2.0.0.dp','dp.name':'org.cabinetgw.feature.power',"
                + "'dp.version':'2.0.0','job.id':42,'dp.download.hash':'" + HASH + "'" + extra + "}";
        return RequestParser.download(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void theOptionsAreReadAndAbsentOnesAreNotGiven() throws Exception {
        assertThat(parse("").options()).isEqualTo(DownloadOptions.NONE);
        // what Kapua sends by default (its service puts its notify default into the block size)
        assertThat(parse(",'dp.download.block.size':51200,'dp.download.block.delay':0,'dp.download.timeout':60000")
                .options()).isEqualTo(new DownloadOptions(51200, 0, 60000, 0));
        assertThat(parse(",'dp.download.notify.block.size':4096,'dp.download.block.delay':250").options())
                .isEqualTo(new DownloadOptions(0, 4096, 0, 250));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "dp.download.block.size|-1|must not be negative, was -1",
            "dp.download.notify.block.size|'4096'|must be a number",
            "dp.download.timeout|60000.5|whole number that fits 32 bits",
            "dp.download.block.delay|3000000000|whole number that fits 32 bits",
            "dp.download.block.delay|[1]|a single value" })
    void aMalformedOptionIsRefusedNamingIt(String field, String value, String says) {
        RequestException e = catchThrowableOfType(RequestException.class, () -> parse(",'" + field + "':" + value));
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field).contains(says);
    }

    @Test
    void eachOptionStaysWithinTheAgentsLimits() {
        assertThat(DownloadOptions.NONE.readSize()).isEqualTo(64 * 1024);
        assertThat(new DownloadOptions(1, 0, 0, 0).readSize()).as("a 1-byte block").isEqualTo(1024);
        assertThat(new DownloadOptions(4096, 0, 0, 0).readSize()).isEqualTo(4096);
        assertThat(new DownloadOptions(10_000_000, 0, 0, 0).readSize()).isEqualTo(64 * 1024);

        assertThat(DownloadOptions.NONE.timeout(30_000)).isEqualTo(30_000);
        assertThat(new DownloadOptions(0, 0, 60_000, 0).timeout(30_000)).as("longer than the agent's").isEqualTo(30_000);
        assertThat(new DownloadOptions(0, 0, 5_000, 0).timeout(30_000)).isEqualTo(5_000);
        assertThat(new DownloadOptions(0, 0, 60, 0).timeout(30_000)).as("60: seconds, likely").isEqualTo(1_000);

        assertThat(DownloadOptions.NONE.notifyEvery(1_000_000, 32 << 20)).as("not given: the percent step").isZero();
        assertThat(new DownloadOptions(0, 51_200, 0, 0).notifyEvery(1_000_000, 32 << 20)).isEqualTo(51_200);
        assertThat(new DownloadOptions(0, 1, 0, 0).notifyEvery(1_000_000, 32 << 20)).as("at most 100 a download")
                .isEqualTo(10_000);
        assertThat(new DownloadOptions(0, 1, 0, 0).notifyEvery(-1, 32 << 20)).as("no length: the limit's hundredth")
                .isEqualTo((32 << 20) / 100 + 1);
    }

    @Test
    void aPacedDownloadTakesAtLeastOneBlockDelayPerBlock() throws Exception {
        Downloader d = new Downloader(Configs.settings(Map.of()));
        long t0 = System.nanoTime();
        List<Long> seen = new ArrayList<>();
        Downloader.Result r = d.fetch(URI.create(base + "/ok.dp"), dir.resolve("a.part"),
                new DownloadOptions(8192, 0, 0, 100), (received, total) -> seen.add(received));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.size()).isEqualTo(payload.length);
        // 64 KiB in blocks of 8 KiB, one per 100 ms: the 8th block is due 800 ms after the start
        assertThat(ms).as("elapsed ms").isGreaterThanOrEqualTo(800);
        List<Long> counts = seen.stream().distinct().toList();
        assertThat(counts).isSortedAccordingTo(Long::compare).last().isEqualTo((long) payload.length);
        for (int i = 1; i < counts.size(); i++) {
            assertThat(counts.get(i) - counts.get(i - 1)).as("no read larger than the block").isLessThanOrEqualTo(8192);
        }
        long unpaced0 = System.nanoTime();
        d.fetch(URI.create(base + "/ok.dp"), dir.resolve("b.part"), new DownloadOptions(8192, 0, 0, 0), (a, b) -> { });
        assertThat((System.nanoTime() - unpaced0) / 1_000_000).as("without a delay: no pause").isLessThan(ms);
    }

    @Test
    void aPaceThatCannotMeetTheDeadlineFailsAtOnceNamingThePace() {
        Downloader d = new Downloader(Configs.settings(Map.of("download_deadline_seconds", 60)));
        long t0 = System.nanoTime();
        // 64 KiB in 1 KiB blocks, 2 s each: two minutes, past the 60 s deadline
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
        Downloader d = new Downloader(Configs.settings(Map.of()));
        AtomicBoolean cancel = new AtomicBoolean();
        new Thread(() -> {
            sleep(500);
            cancel.set(true);
        }).start();
        long t0 = System.nanoTime();
        // 64 KiB in 1 KiB blocks, one a second: a minute, unless the pause sees the cancel
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
        Downloader d = new Downloader(Configs.settings(Map.of("download_read_timeout_seconds", 30)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> d.fetch(URI.create(base + "/stall.dp"), dir.resolve("f.part"),
                new DownloadOptions(0, 0, 1500, 0), (a, b) -> { }))
                .hasMessage("the download stalled for longer than 1.5 s (the request's dp.download.timeout)");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("well before the server's 8 s and the agent's 30 s")
                .isLessThan(7000);

        Downloader strict = new Downloader(Configs.settings(Map.of("download_read_timeout_seconds", 1)));
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
