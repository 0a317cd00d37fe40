package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;

/**
 * The test's stand-in for a command channel that speaks Kura's protocol, and only for that boundary: it records
 * the typed reply and notifications the agent sends for one request. A JSON answer to a typed request is a defect
 * and fails the test.
 */
final class TypedResponder implements CommandResponder {

    record Reply(int status, MetricMessage message) {
    }

    record Note(String resource, MetricMessage message) {
        Object metric(String name) {
            return message.metrics().get(name);
        }
    }

    final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    final BlockingQueue<Note> notes = new LinkedBlockingQueue<>();
    /** Every notification, in order, also those {@link #end} went past. */
    final java.util.List<Note> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void reply(int status, byte[] body) {
        throw new AssertionError("a JSON reply to a request that came as metrics");
    }

    @Override
    public void notify(String resource, byte[] body) {
        throw new AssertionError("a JSON notification for a request that came as metrics");
    }

    @Override
    public void reply(int status, MetricMessage message) {
        replies.add(new Reply(status, message));
    }

    @Override
    public void notify(String resource, MetricMessage message) {
        Note n = new Note(resource, message);
        sent.add(n);
        notes.add(n);
    }

    Reply reply() throws InterruptedException {
        Reply r = replies.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a reply").isNotNull();
        return r;
    }

    /** The next notification of {@code resource} whose {@code statusMetric} is not IN_PROGRESS. */
    Note end(String resource, String statusMetric, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Note n = notes.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            assertThat(n).as("a final %s notification", resource).isNotNull();
            if (n.resource().equals(resource) && !"IN_PROGRESS".equals(n.metric(statusMetric))) {
                return n;
            }
        }
    }
}
