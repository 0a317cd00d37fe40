package org.cabinetgw.uplink.internal.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;

/** One message {@code {"id":"<id>"}} sent alone through an HTTP transport, and what the transport reported. */
final class OneMessage {

    private OneMessage() {
    }

    /** "delivered", "failed: reason" or "rejected: status reason"; fails after 20 s without an answer. */
    static String send(HttpTransport transport, String id) throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        QueuedMessage m = new QueuedMessage(1, id, Priority.EVENT, "t",
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        transport.send(List.of(m), new DeliveryCallback() {
            @Override
            public void delivered(List<QueuedMessage> messages) {
                outcome.complete("delivered");
            }

            @Override
            public void failed(List<QueuedMessage> messages, String reason, Duration retryAfter) {
                outcome.complete("failed: " + reason);
            }

            @Override
            public void rejected(List<QueuedMessage> messages, int status, String reason) {
                outcome.complete("rejected: " + status + " " + reason);
            }
        });
        return outcome.get(20, TimeUnit.SECONDS);
    }
}
