package org.cabinetgw.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StreamHubTest {

    /** A page's connection: what the server wrote; {@code opened} counts down on the first flush. */
    static final class Page extends Writer {
        final StringWriter text = new StringWriter();
        final CountDownLatch opened = new CountDownLatch(1);
        volatile boolean stalled;

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            while (stalled) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            text.write(c, off, len);
        }

        @Override
        public void flush() {
            opened.countDown();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void eventsReachEveryPageAndCloseEndsTheStreams() throws Exception {
        StreamHub hub = new StreamHub(2);
        Page a = new Page();
        CompletableFuture<Boolean> served = CompletableFuture.supplyAsync(() -> serve(hub, a));
        assertThat(a.opened.await(5, TimeUnit.SECONDS)).isTrue();
        hub.publish("cabinet", "{\"x\":1}\n{\"y\":2}");
        long end = System.currentTimeMillis() + 5_000;
        while (!a.text.toString().contains("event: cabinet") && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        hub.close(); // what is still queued at close is dropped: the page reloads the snapshot when it reconnects
        assertThat(served.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.text.toString()).contains("retry: 2000\n").contains("event: hello\n")
                .contains("event: cabinet\ndata: {\"x\":1}\ndata: {\"y\":2}\n\n");
        assertThat(hub.open()).isZero();
        assertThat(hub.serve(new Page(), "")).as("closed: no new stream").isFalse();
    }

    @Test
    void streamsAreBoundedAndAStalledPageIsCutOffWithoutHoldingUpThePublisher() throws Exception {
        StreamHub hub = new StreamHub(1);
        Page slow = new Page();
        CompletableFuture<Boolean> served = CompletableFuture.supplyAsync(() -> serve(hub, slow));
        assertThat(slow.opened.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.serve(new Page(), "")).as("a second page over max.streams").isFalse();
        slow.stalled = true;
        long start = System.nanoTime();
        for (int i = 0; i < StreamHub.QUEUE * 4; i++) {
            hub.publish("cabinet", "{\"n\":" + i + "}");
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("publishing never waits for a page")
                .isLessThan(2_000);
        slow.stalled = false;
        assertThat(served.get(5, TimeUnit.SECONDS)).as("the overflowing stream ended (the page reconnects)").isTrue();
        assertThat(hub.open()).isZero();
    }

    private static boolean serve(StreamHub hub, Page page) {
        try {
            return hub.serve(page, "event: hello\ndata: {}\n\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
