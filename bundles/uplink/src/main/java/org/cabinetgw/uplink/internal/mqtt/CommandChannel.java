package org.cabinetgw.uplink.internal.mqtt;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote commands over the uplink's MQTT connection: subscribes to each {@link CommandHandler}'s
 * request topic, turns a message into a {@link CommandRequest} and runs the handler on the thread
 * {@code cabinetgw-uplink-command} (never on Paho's callback thread, which must keep reading), behind
 * a bounded queue: a full queue is answered 409 at once. Replies and notifications are published
 * directly at QoS 1 — they answer someone waiting now, they are not telemetry to store and forward. One
 * that cannot be published (not connected, or this channel already closed, as when the uplink's own package
 * is updated) is kept in the {@link CommandOutbox} and published by the next connected channel.
 */
public final class CommandChannel {

    private static final Logger LOG = LoggerFactory.getLogger(CommandChannel.class);
    /** Requests waiting for the worker, at most; more are refused with 409. */
    static final int QUEUE_CAPACITY = 32;
    /** How often kept answers are looked for while connected. */
    static final long OUTBOX_CHECK_MILLIS = 1000;
    /** How long a reply may wait for room in Paho's in-flight window. */
    private static final long PUBLISH_WAIT_MILLIS = 2000;

    private final CommandTopics topics;
    /** Our JSON, or Kura's KuraPayload: handlers see JSON either way. */
    private final CommandWire wire;
    private final MqttAsyncClient client;
    private final Map<String, CommandHandler> handlers = new ConcurrentHashMap<>();
    /**
     * Every application that had a handler on this channel. Its request topic stays subscribed while its handler is
     * away (its bundle stopped or being updated): a request then is answered 404 "not running" at once, where an
     * unsubscribed topic would drop it at the broker unheard and leave the cloud waiting for its timeout (issue 15).
     */
    private final java.util.Set<String> known = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor worker;
    // null: answers that cannot be published are dropped with a log line
    private final CommandOutbox outbox;
    private final ScheduledExecutorService outboxTimer;

    /**
     * {@code outboxDirectory}: where answers wait for a connection, shared by every channel of this gateway;
     * null: none (an answer that cannot be published is dropped with a log line).
     */
    public CommandChannel(CommandTopics topics, MqttAsyncClient client, Path outboxDirectory) {
        this(topics, client, outboxDirectory, CommandWire.JSON);
    }

    /** As above, with the wire format of requests and answers. */
    public CommandChannel(CommandTopics topics, MqttAsyncClient client, Path outboxDirectory, CommandWire wire) {
        this.topics = topics;
        this.wire = wire;
        this.client = client;
        this.outbox = outboxDirectory == null ? null : new CommandOutbox(outboxDirectory);
        this.outboxTimer = outbox == null ? null : NamedThreads.singleScheduler("cabinetgw-uplink-outbox");
        if (outboxTimer != null) {
            // also answers kept by another channel while this one was connected (the previous version of this
            // bundle, finishing a job after the update that replaced it)
            outboxTimer.scheduleWithFixedDelay(this::sendKept, OUTBOX_CHECK_MILLIS, OUTBOX_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                r -> {
                    Thread t = new Thread(r, "cabinetgw-uplink-command");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A handler service appeared; subscribes at once when connected (else at the next connect). */
    public void addHandler(String appId, CommandHandler handler) {
        if (!CommandTopics.isSafeLevel(appId)) {
            LOG.warn("CommandHandler ignored: command.app.id '{}' is missing or has characters other than "
                    + "A-Z a-z 0-9 . _ : @ -", appId == null ? "" : CommandTopics.clip(appId));
            return;
        }
        known.add(appId);
        CommandHandler previous = handlers.put(appId, handler);
        if (previous != null) {
            LOG.warn("A second CommandHandler for {} replaces the first", appId);
        }
        if (client.isConnected()) {
            subscribe(appId);
        }
    }

    /** The handler went: its requests stay subscribed and are answered "not running" until one is back. */
    public void removeHandler(String appId, CommandHandler handler) {
        if (appId != null && handlers.remove(appId, handler)) {
            LOG.info("Commands for {} answered 404 'not running' until its handler is back", appId);
        }
    }

    /** The applications handled now (Kura's {@code application_ids}). */
    public java.util.Set<String> applications() {
        return java.util.Set.copyOf(handlers.keySet());
    }

    /** After every connect: a clean session forgets subscriptions, so each application subscribes again. */
    public void subscribeAll() {
        for (String appId : known) {
            subscribe(appId); // an application away now too: its requests are answered "not running"
        }
        if (outboxTimer != null && !outboxTimer.isShutdown()) {
            outboxTimer.execute(this::sendKept);
        }
    }

    /** Publishes the kept answers, oldest first, each removed once the broker has it; stops at the first failure. */
    private void sendKept() {
        if (!client.isConnected()) {
            return;
        }
        for (CommandOutbox.Answer a : outbox.pending()) {
            try {
                client.publish(a.topic(), a.payload(), 1, false).waitForCompletion(PUBLISH_WAIT_MILLIS * 5);
                outbox.sent(a);
                LOG.info("Kept command answer sent on {}", CommandTopics.clip(a.topic()));
            } catch (MqttException | RuntimeException e) {
                LOG.debug("Kept command answers wait: {}", e.toString());
                return;
            }
        }
    }

    private void subscribe(String appId) {
        try {
            client.subscribe(topics.requestFilter(appId), 1);
            LOG.info("Commands for {} on {}", appId, topics.requestFilter(appId));
        } catch (MqttException e) {
            // the connection went; the next connect subscribes again
            LOG.warn("Cannot subscribe to commands for {}: {}", appId, MqttErrors.describe(e));
        }
    }

    /** From Paho's callback thread: must be quick and must never throw (Paho would drop the connection). */
    public void onMessage(String topic, byte[] payload) {
        try {
            accept(topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("Command on {} dropped: {}", CommandTopics.clip(topic), e.toString());
        }
    }

    private void accept(String topic, byte[] payload) {
        CommandTopics.Parsed parsed = topics.parse(topic).orElse(null);
        if (parsed == null) {
            return;
        }
        CommandHandler handler = handlers.get(parsed.appId());
        CommandWire.Incoming incoming = wire.read(payload);
        CommandEnvelope.Addressing address = incoming.addressing();
        if (address.requesterId() == null) {
            // nobody to answer: say so in the log, once per request, without the payload
            LOG.warn("Command on {} dropped: {}", CommandTopics.clip(topic), address.error());
            return;
        }
        Responder responder = new Responder(parsed.appId(), address.requesterId(),
                address.requestId() == null ? CommandTopics.INVALID_REQUEST_ID : address.requestId());
        if (address.error() != null) {
            responder.reply(CommandResponder.BAD_REQUEST, CommandEnvelope.error(address.error(), address.field()));
            return;
        }
        if (parsed.error() != null) {
            responder.reply(CommandResponder.BAD_REQUEST, CommandEnvelope.error(parsed.error(), parsed.field()));
            return;
        }
        if (handler == null && known.contains(parsed.appId())) {
            responder.reply(CommandResponder.NOT_FOUND, CommandEnvelope.error("application " + parsed.appId()
                    + " is not running on this gateway now (stopped, or being updated): send again later", "app.id"));
            return;
        }
        if (handler == null) {
            responder.reply(CommandResponder.NOT_FOUND,
                    CommandEnvelope.error("no application " + parsed.appId() + " on this gateway", "app.id"));
            return;
        }
        CommandRequest request = new CommandRequest(parsed.method(), parsed.resources(), address.requestId(),
                address.requesterId(), incoming.body(), incoming.metrics());
        try {
            worker.execute(() -> run(handler, request, responder));
        } catch (RejectedExecutionException e) {
            responder.reply(CommandResponder.BUSY, CommandEnvelope.error(
                    "gateway busy: " + QUEUE_CAPACITY + " commands are waiting, send again later", "request.id"));
        }
    }

    private void run(CommandHandler handler, CommandRequest request, Responder responder) {
        try {
            handler.handle(request, responder);
        } catch (RuntimeException e) {
            // The reply goes to the cloud: an incident id to find the detail by, never the exception itself (its
            // message may carry paths, addresses or data). The detail, with its stack trace, is in the gateway's log.
            String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
            LOG.warn("Command handler for {} failed on {}/{} (incident {})", responder.appId, request.method(),
                    String.join("/", request.resources()), incident, e);
            responder.reply(CommandResponder.ERROR, CommandEnvelope.error(
                    "the gateway could not handle the request (incident " + incident + ", see the gateway's log)", "request.id"));
        }
    }

    /** Stops the worker: queued requests are dropped (their requesters time out), the running one is interrupted. */
    public void close() {
        worker.shutdownNow();
        if (outboxTimer != null) {
            outboxTimer.shutdownNow();
        }
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
            if (outboxTimer != null) {
                outboxTimer.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(String topic, byte[] payload) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUBLISH_WAIT_MILLIS);
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                // a full in-flight window passes in milliseconds; anything else (not connected) will not
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline
                        || Thread.currentThread().getName().startsWith("MQTT Call")) {
                    if (outbox != null && outbox.keep(topic, payload)) {
                        LOG.info("Command answer on {} kept for the next connection: {}", topic, MqttErrors.describe(e));
                    } else {
                        LOG.warn("Command answer on {} not sent: {}", topic, MqttErrors.describe(e));
                    }
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One request's way back; exactly one reply is published, later ones are logged and dropped. */
    private final class Responder implements CommandResponder {
        private final String appId;
        private final String requesterId;
        private final String requestId;
        private final AtomicBoolean replied = new AtomicBoolean();

        Responder(String appId, String requesterId, String requestId) {
            this.appId = appId;
            this.requesterId = requesterId;
            this.requestId = requestId;
        }

        @Override
        public void reply(int status, byte[] body) {
            if (!replied.compareAndSet(false, true)) {
                LOG.warn("Second reply to request {} of {} dropped", requestId, requesterId);
                return;
            }
            publish(topics.replyTopic(requesterId, appId, requestId), wire.reply(status, requestId, body));
        }

        @Override
        public void notify(String resource, byte[] body) {
            if (notifiable(resource)) {
                publish(wire.notifyTopic(topics, appId, requesterId, resource), wire.notification(body));
            }
        }

        @Override
        public void reply(int status, org.cabinetgw.deploy.MetricMessage message) {
            if (!replied.compareAndSet(false, true)) {
                LOG.warn("Second reply to request {} of {} dropped", requestId, requesterId);
                return;
            }
            publish(topics.replyTopic(requesterId, appId, requestId), wire.reply(status, requestId, message));
        }

        @Override
        public void notify(String resource, org.cabinetgw.deploy.MetricMessage message) {
            if (notifiable(resource)) {
                publish(wire.notifyTopic(topics, appId, requesterId, resource), wire.notification(message));
            }
        }

        private boolean notifiable(String resource) {
            if (!CommandTopics.isSafeLevel(resource)) {
                LOG.warn("Notification for {} dropped: resource '{}' is not one topic level", appId,
                        resource == null ? "" : CommandTopics.clip(resource));
                return false;
            }
            return true;
        }
    }
}
