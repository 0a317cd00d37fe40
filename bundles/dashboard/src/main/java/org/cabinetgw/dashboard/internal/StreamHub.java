package org.cabinetgw.dashboard.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The live streams (Server-Sent Events): one server thread per open page, at most a configured number of
 * pages. Each stream has its own bounded queue, so a slow or stalled browser never holds up Event Admin or
 * another page: when its queue is full the stream is ended and the browser reconnects and reloads the
 * snapshot. A comment line every {@value #HEARTBEAT_SECONDS} s finds pages that went away.
 */
final class StreamHub {

    static final int QUEUE = 256;
    static final int HEARTBEAT_SECONDS = 15;
    private static final String END = "\u0000end";

    private final int maxStreams;
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    StreamHub(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    int open() {
        return streams.size();
    }

    /** Hands an SSE frame to every stream; a stream whose queue is full is ended (it reconnects). */
    void publish(String event, String data) {
        if (streams.isEmpty()) {
            return;
        }
        String frame = "event: " + event + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n";
        for (BlockingQueue<String> q : streams) {
            if (!q.offer(frame)) {
                q.clear();
                q.offer(END);
            }
        }
    }

    /**
     * Serves one stream on the calling (request) thread until the page goes, its queue overflows or the hub
     * closes. False when the hub is full or closed: nothing was written.
     */
    boolean serve(Writer out, String hello) throws IOException {
        BlockingQueue<String> q = new ArrayBlockingQueue<>(QUEUE);
        synchronized (this) {
            if (closed || streams.size() >= maxStreams) {
                return false;
            }
            streams.add(q);
        }
        try {
            // the browser retries after 2 s when the stream ends (gateway restarting, queue overflow)
            out.write("retry: 2000\n");
            out.write(hello);
            out.flush();
            while (!closed) {
                String frame = q.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (END.equals(frame)) {
                    break;
                }
                out.write(frame == null ? ": ping\n\n" : frame);
                out.flush(); // an IOException here: the page is gone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(q);
        }
        return true;
    }

    /** Ends every stream (the component stops): the pages reconnect to whatever serves next. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        for (BlockingQueue<String> q : streams) {
            q.clear();
            q.offer(END);
        }
    }
}
