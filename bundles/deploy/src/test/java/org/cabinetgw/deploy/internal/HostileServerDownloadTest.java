package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a server that does not play by the rules, written by hand on a raw socket (a real HTTP
 * server would not send a body longer than its Content-Length): no length and an endless body, a length
 * that lies in either direction; and a disk that is, or becomes, too full.
 */
class HostileServerDownloadTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private ServerSocket server;
    private Thread acceptor;
    private volatile String declaredLength;
    private volatile long bodyBytes;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    serve(s);
                } catch (IOException e) {
                    // the client hung up: what a downloader does to a hostile server
                }
            }
        }, "hostile-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads the request head, sends the response head with the declared length (if any), then bodyBytes (-1: endless). */
    private void serve(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        int last4 = 0;
        for (int b; (b = in.read()) >= 0;) {
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
        }
        OutputStream out = s.getOutputStream();
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n"
                + (declaredLength == null ? "" : "Content-Length: " + declaredLength + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        long left = bodyBytes;
        while (left != 0) {
            int n = left < 0 ? chunk.length : (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left = left < 0 ? -1 : left - n;
        }
        out.flush();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(5000);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/p.dp");
    }

    private static Downloader downloader(int maxMegabytes, Downloader.DiskSpace space) {
        return new Downloader(Configs.settings(Map.of("download_max_megabytes", maxMegabytes)), space);
    }

    private static final Downloader.DiskSpace PLENTY = d -> 100L * 1024 * MIB;

    @Test
    void anEndlessBodyWithoutLengthStopsAtTheLimitAndTheFileNeverGrowsPastIt() {
        declaredLength = null;
        bodyBytes = -1;
        Path target = dir.resolve("endless.part");
        AtomicLong largest = new AtomicLong();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> downloader(2, PLENTY).fetch(uri(), target, (received, total) -> {
            try {
                largest.accumulateAndGet(Files.size(target), Math::max);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            assertThat(received).isLessThanOrEqualTo(2 * MIB);
        })).isInstanceOf(Downloader.DownloadException.class).hasMessageContaining("exceeds the limit of " + 2 * MIB);
        assertThat(largest.get()).isLessThanOrEqualTo(2 * MIB);
        assertThat(target).doesNotExist();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("stopped, not read on for ever").isLessThan(60_000);
    }

    @Test
    void aBodyOfExactlyTheLimitWithoutLengthIsAcceptedOneByteMoreIsNot() throws Exception {
        declaredLength = null;
        bodyBytes = MIB;
        assertThat(downloader(1, PLENTY).fetch(uri(), dir.resolve("exact.part"), (a, b) -> { }).size()).isEqualTo(MIB);
        bodyBytes = MIB + 1;
        assertThatThrownBy(() -> downloader(1, PLENTY).fetch(uri(), dir.resolve("over.part"), (a, b) -> { }))
                .hasMessageContaining("exceeds the limit");
        assertThat(dir.resolve("over.part")).doesNotExist();
    }

    @Test
    void aLengthThatUnderstatesTheBodyIsRefusedAtOneByteMore() {
        // Java's HTTP client does not stop at a Content-Length the server does not keep to (Connection: close)
        declaredLength = "1000";
        bodyBytes = 10 * MIB;
        AtomicLong largest = new AtomicLong();
        assertThatThrownBy(() -> downloader(1, PLENTY).fetch(uri(), dir.resolve("under.part"),
                (received, total) -> largest.accumulateAndGet(received, Math::max)))
                .hasMessage("the server sent more than the 1000 bytes it announced");
        assertThat(largest.get()).isLessThanOrEqualTo(1000);
        assertThat(dir.resolve("under.part")).doesNotExist();
    }

    @Test
    void aLengthThatOverstatesTheBodyIsATruncatedDownload() {
        declaredLength = Long.toString(MIB / 2);
        bodyBytes = 1000;
        assertThatThrownBy(() -> downloader(1, PLENTY).fetch(uri(), dir.resolve("over.part"), (a, b) -> { }))
                .isInstanceOf(IOException.class);
        assertThat(dir.resolve("over.part")).doesNotExist();
    }

    @Test
    void aLengthOverTheLimitIsRefusedBeforeReading() {
        declaredLength = Long.toString(5 * MIB);
        bodyBytes = 0;
        assertThatThrownBy(() -> downloader(1, PLENTY).fetch(uri(), dir.resolve("big.part"), (a, b) -> { }))
                .hasMessageContaining("more than the limit");
        assertThat(dir.resolve("big.part")).doesNotExist();
    }

    @Test
    void aDiskWithoutRoomForThePackageAndTheReserveIsNotWrittenTo() {
        declaredLength = Long.toString(MIB);
        bodyBytes = MIB;
        Downloader.DiskSpace tight = d -> MIB + Downloader.FREE_SPACE_RESERVE - 1;
        assertThatThrownBy(() -> downloader(8, tight).fetch(uri(), dir.resolve("full.part"), (a, b) -> { }))
                .hasMessageContaining("not enough free space");
        assertThat(dir.resolve("full.part")).doesNotExist();
        // without a length the limit must fit: 8 MiB does not, 1 MiB does
        declaredLength = null;
        assertThatThrownBy(() -> downloader(8, tight).fetch(uri(), dir.resolve("full.part"), (a, b) -> { }))
                .hasMessageContaining("not enough free space").hasMessageContaining("gave no length");
    }

    @Test
    void aDiskThatFillsUpDuringTheDownloadStopsIt() {
        declaredLength = null;
        bodyBytes = -1;
        AtomicLong calls = new AtomicLong();
        // room at the start; then another writer takes it all
        Downloader.DiskSpace filling = d -> calls.incrementAndGet() <= 2 ? 1024 * MIB : Downloader.FREE_SPACE_RESERVE - 1;
        Path target = dir.resolve("filling.part");
        assertThatThrownBy(() -> downloader(64, filling).fetch(uri(), target, (a, b) -> { }))
                .hasMessageContaining("filling up");
        assertThat(target).doesNotExist();
        assertThat(calls.get()).isEqualTo(3);
    }
}
