package org.cabinetgw.conf.itest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;

/** The one reply to a request, as a command channel speaking Kura's protocol would carry it. */
final class TypedResponder implements CommandResponder {

    record Reply(int status, MetricMessage message) {
        String exception() {
            return (String) message.metrics().get("response.exception.message");
        }
    }

    private final CompletableFuture<Reply> reply = new CompletableFuture<>();

    @Override
    public void reply(int status, byte[] body) {
        reply.complete(new Reply(status, new MetricMessage(java.util.Map.of("json", new String(body,
                java.nio.charset.StandardCharsets.UTF_8)))));
    }

    @Override
    public void reply(int status, MetricMessage message) {
        reply.complete(new Reply(status, message));
    }

    @Override
    public void notify(String resource, byte[] body) {
        throw new AssertionError("CONF-V1 sends no notification");
    }

    Reply reply() throws Exception {
        return reply.get(30, TimeUnit.SECONDS);
    }
}
