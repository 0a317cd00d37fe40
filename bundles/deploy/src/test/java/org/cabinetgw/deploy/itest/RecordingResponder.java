package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.deploy.CommandResponder;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

/**
 * The test's stand-in for the command channel (the MQTT uplink), and only for that boundary: it
 * records the reply and the notifications the agent sends for one request.
 */
final class RecordingResponder implements CommandResponder {

    record Reply(int status, Map<String, Object> body) {
    }

    record Note(String resource, Map<String, Object> body) {
    }

    private static final Gson GSON = new Gson();
    final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    final BlockingQueue<Note> notes = new LinkedBlockingQueue<>();

    @Override
    public void reply(int status, byte[] body) {
        replies.add(new Reply(status, parse(body)));
    }

    @Override
    public void notify(String resource, byte[] body) {
        notes.add(new Note(resource, parse(body)));
    }

    Reply reply() throws InterruptedException {
        Reply r = replies.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a reply").isNotNull();
        return r;
    }

    /** The next notification of {@code resource} whose {@code statusKey} is not IN_PROGRESS. */
    Note end(String resource, String statusKey, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Note n = notes.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            assertThat(n).as("a final %s notification", resource).isNotNull();
            if (n.resource().equals(resource) && !"IN_PROGRESS".equals(n.body().get(statusKey))) {
                return n;
            }
        }
    }

    private static Map<String, Object> parse(byte[] body) {
        return GSON.fromJson(new String(body, StandardCharsets.UTF_8), new TypeToken<Map<String, Object>>() { }.getType());
    }
}
