package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The command channel end to end: a real Mosquitto, the real MQTT transport with a handler added as the
 * component adds it, and a separate MQTT client in the cloud's role publishing requests and reading the
 * replies and notifications from the broker.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommandChannelMosquittoTest {

    private static final String APP = "DEPLOY-V2";

    @TempDir
    Path dir;

    private Mosquitto broker;
    private MqttTransport transport;
    private MqttClient cloud;
    private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<CommandRequest> handled = new LinkedBlockingQueue<>();
    private final BlockingQueue<CommandResponder> longJobs = new LinkedBlockingQueue<>();

    /** Answers GET/bundles with a fixed list and EXEC/download with ACCEPTED plus one notification. */
    private final CommandHandler handler = new CommandHandler() {
        @Override
        public void handle(CommandRequest request, CommandResponder responder) {
            handled.add(request);
            String path = request.method() + "/" + String.join("/", request.resources());
            switch (path) {
                case "GET/bundles" -> responder.reply(CommandResponder.OK,
                        bytes("{\"bundles\":[{\"name\":\"org.cabinetgw.core\",\"version\":\"0.1.0\",\"id\":7,\"state\":\"ACTIVE\"}]}"));
                case "EXEC/download" -> {
                    responder.reply(CommandResponder.OK, bytes("{\"job.id\":5,\"status\":\"ACCEPTED\"}"));
                    responder.notify("download", bytes("{\"job.id\":5,\"dp.download.status\":\"COMPLETED\"}"));
                }
                case "GET/explode" -> throw new IllegalStateException("boom");
                case "EXEC/install" -> {
                    // a long job: accepted now, its end notified later by whoever holds the responder
                    responder.reply(CommandResponder.OK, bytes("{\"job.id\":9,\"status\":\"ACCEPTED\"}"));
                    longJobs.add(responder);
                }
                default -> responder.reply(CommandResponder.NOT_FOUND, bytes("{\"error\":\"no " + path + "\"}"));
            }
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        broker = new Mosquitto(dir.resolve("broker")).start();
        transport = newTransport();
        transport.commands().addHandler(APP, handler);
        transport.start();
        cloud = new MqttClient(broker.uri(), "cloud-1", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        // the flood test publishes a full command queue and more at once; Paho's default of 10 unacknowledged
        // publishes would refuse some of them in this client, before the gateway ever sees them
        o.setMaxInflight(1000);
        cloud.connect(o);
        cloud.subscribe(new String[] { "cab/cloud-1/#", "cab/gw1/+/NOTIFY/#" }, new int[] { 1, 1 },
                new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {
                        (t, m) -> received.add(new String[] { t, new String(m.getPayload(), StandardCharsets.UTF_8) }),
                        (t, m) -> received.add(new String[] { t, new String(m.getPayload(), StandardCharsets.UTF_8) }) });
        awaitSubscribed();
    }

    private MqttTransport newTransport() throws Exception {
        return new MqttTransport(MqttSettings.of(broker.uri(), "gw1", "cab").withReconnect(100, 500), dir.resolve("outbox"));
    }

    /**
     * The uplink's own package updated during a job: the request came in on one transport, which closes; the
     * next one connects; the job ends and notifies through the responder of the closed one. The notification is
     * kept and goes out over the new connection, once, and nothing is left behind.
     */
    @Test
    void aJobEndNotifiedAfterItsChannelClosedGoesOutOverTheNextOne() throws Exception {
        request("EXEC/install", "{\"request.id\":\"i1\",\"requester.client.id\":\"cloud-1\"}");
        assertThat(next()[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/i1");
        CommandResponder ofTheOldChannel = longJobs.poll(10, TimeUnit.SECONDS);
        assertThat(ofTheOldChannel).isNotNull();

        transport.close();
        transport = newTransport();
        transport.commands().addHandler(APP, handler);
        transport.start();
        awaitSubscribed();
        ofTheOldChannel.notify("install", bytes("{\"job.id\":9,\"dp.install.status\":\"COMPLETED\"}"));

        String[] n = next();
        assertThat(n[0]).isEqualTo("cab/gw1/DEPLOY-V2/NOTIFY/cloud-1/install");
        assertThat(json(n[1]).get("dp.install.status").getAsString()).isEqualTo("COMPLETED");
        assertThat(received.poll(2 * CommandChannel.OUTBOX_CHECK_MILLIS, TimeUnit.MILLISECONDS)).as("sent once").isNull();
        try (var left = java.nio.file.Files.list(dir.resolve("outbox"))) {
            assertThat(left.toList()).as("nothing left in the outbox").isEmpty();
        }
    }

    /** Given while no broker answers: kept on disk, and sent as soon as the connection is back. */
    @Test
    void anAnswerGivenWhileDisconnectedGoesOutAfterTheReconnect() throws Exception {
        request("EXEC/install", "{\"request.id\":\"i2\",\"requester.client.id\":\"cloud-1\"}");
        assertThat(next()[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/i2");
        CommandResponder job = longJobs.poll(10, TimeUnit.SECONDS);
        // a cloud with a persistent session: what is published while it reconnects waits for it in the broker
        MqttClient watcher = new MqttClient(broker.uri(), "cloud-watch", new MemoryPersistence());
        MqttConnectOptions persistent = new MqttConnectOptions();
        persistent.setCleanSession(false);
        watcher.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                received.add(new String[] { topic, new String(m.getPayload(), StandardCharsets.UTF_8) });
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        watcher.connect(persistent);
        watcher.subscribe("cab/gw1/+/NOTIFY/#", 1);
        try {
            broker.stop();
            Await.until("the transport sees the broker gone", Duration.ofSeconds(10), () -> !transport.ready());
            job.notify("install", bytes("{\"job.id\":9,\"dp.install.status\":\"FAILED\"}"));
            try (var kept = java.nio.file.Files.list(dir.resolve("outbox"))) {
                assertThat(kept.toList()).as("kept on disk").hasSize(1);
            }
            broker.start();
            Await.until("the watcher connected again", Duration.ofSeconds(10), () -> {
                if (!watcher.isConnected()) {
                    watcher.connect(persistent); // throws while the broker is not back: not yet
                }
                return true;
            });
            String[] n = next();
            assertThat(n[0]).isEqualTo("cab/gw1/DEPLOY-V2/NOTIFY/cloud-1/install");
            assertThat(json(n[1]).get("dp.install.status").getAsString()).isEqualTo("FAILED");
        } finally {
            if (watcher.isConnected()) {
                watcher.disconnect();
            }
            watcher.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cloud != null && cloud.isConnected()) {
            cloud.disconnect();
        }
        if (transport != null) {
            transport.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The transport subscribes once connected: probe until a request is answered. */
    private void awaitSubscribed() throws Exception {
        Await.until("the gateway answering a probe request", Duration.ofSeconds(15), () -> {
            request("GET/probe", "{\"request.id\":\"probe\",\"requester.client.id\":\"cloud-1\"}");
            return received.poll(300, TimeUnit.MILLISECONDS);
        }, r -> r != null && r[0].endsWith("/REPLY/probe"));
        received.clear();
        handled.clear();
    }

    private void request(String methodAndResource, String body) throws Exception {
        cloud.publish("cab/gw1/" + APP + "/" + methodAndResource, bytes(body), 1, false);
    }

    private String[] next() throws InterruptedException {
        String[] r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a message from the gateway").isNotNull();
        return r;
    }

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void getBundlesIsAnsweredOnTheReplyTopic() throws Exception {
        request("GET/bundles", "{\"request.id\":\"r1\",\"requester.client.id\":\"cloud-1\"}");
        String[] r = next();
        assertThat(r[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/r1");
        JsonObject reply = json(r[1]);
        assertThat(reply.get("response.code").getAsInt()).isEqualTo(200);
        assertThat(reply.get("request.id").getAsString()).isEqualTo("r1");
        assertThat(reply.getAsJsonObject("body").getAsJsonArray("bundles").get(0).getAsJsonObject().get("name")
                .getAsString()).isEqualTo("org.cabinetgw.core");

        CommandRequest seen = handled.poll(1, TimeUnit.SECONDS);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.resources()).containsExactly("bundles");
        assertThat(seen.requestId()).isEqualTo("r1");
        assertThat(seen.requesterId()).isEqualTo("cloud-1");
        assertThat(handled.poll(300, TimeUnit.MILLISECONDS)).as("one request, one call").isNull();
    }

    @Test
    void malformedRequestsGetErrorRepliesNamingTheField() throws Exception {
        request("GET/bundles", "{\"request.id\":42,\"requester.client.id\":\"cloud-1\"}");
        String[] r = next();
        assertThat(r[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/" + CommandTopics.INVALID_REQUEST_ID);
        assertThat(json(r[1]).get("response.code").getAsInt()).isEqualTo(400);
        assertThat(json(r[1]).getAsJsonObject("body").get("field").getAsString()).isEqualTo("request.id");

        request("FETCH/bundles", "{\"request.id\":\"r2\",\"requester.client.id\":\"cloud-1\"}");
        r = next();
        assertThat(r[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/r2");
        assertThat(json(r[1]).get("response.code").getAsInt()).isEqualTo(400);
        assertThat(json(r[1]).getAsJsonObject("body").get("field").getAsString()).isEqualTo("method");

        // unanswerable (no requester) and not JSON: dropped, and the channel keeps working
        request("GET/bundles", "{\"request.id\":\"r3\"}");
        request("GET/bundles", "\u0000\u00ff garbage");
        request("GET/explode", "{\"request.id\":\"r4\",\"requester.client.id\":\"cloud-1\"}");
        r = next();
        assertThat(r[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/r4");
        assertThat(json(r[1]).get("response.code").getAsInt()).isEqualTo(500);
        assertThat(r[1]).as("the cloud gets an incident id, not the exception").contains("incident")
                .doesNotContain("boom").doesNotContain("IllegalStateException");
        assertThat(handled).extracting(CommandRequest::requestId).containsExactly("r4");
    }

    @Test
    void notificationsGoToTheNotifyTopicOfTheRequester() throws Exception {
        request("EXEC/download", "{\"request.id\":\"r5\",\"requester.client.id\":\"cloud-1\",\"job.id\":5}");
        String[] first = next();
        String[] second = next();
        List<String> topics = List.of(first[0], second[0]);
        assertThat(topics).containsExactlyInAnyOrder("cab/cloud-1/DEPLOY-V2/REPLY/r5",
                "cab/gw1/DEPLOY-V2/NOTIFY/cloud-1/download");
        String notification = first[0].contains("NOTIFY") ? first[1] : second[1];
        assertThat(json(notification).get("dp.download.status").getAsString()).isEqualTo("COMPLETED");
        // the gateway's own notification, seen by its '#' subscription, is not taken for a request
        assertThat(handled.poll(500, TimeUnit.MILLISECONDS).requestId()).isEqualTo("r5");
        assertThat(handled.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void subscriptionsComeBackAfterTheBrokerRestarts() throws Exception {
        cloud.disconnect();
        broker.stop();
        broker.start();
        cloud.connect();
        cloud.subscribe("cab/cloud-1/#", 1,
                (t, m) -> received.add(new String[] { t, new String(m.getPayload(), StandardCharsets.UTF_8) }));
        awaitSubscribed();
        request("GET/bundles", "{\"request.id\":\"after\",\"requester.client.id\":\"cloud-1\"}");
        assertThat(next()[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/after");
    }

    @Test
    void aFullQueueIsAnsweredBusyAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        transport.commands().addHandler("SLOW", (request, responder) -> {
            if (request.resources().contains("probe")) {
                responder.reply(CommandResponder.OK, bytes("{}"));
                return;
            }
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            responder.reply(CommandResponder.OK, bytes("{}"));
        });
        // the subscription is asynchronous: wait until the application answers
        Await.nonNull("SLOW subscribed", Duration.ofSeconds(10), () -> {
            cloud.publish("cab/gw1/SLOW/GET/probe", bytes("{\"request.id\":\"p\",\"requester.client.id\":\"cloud-1\"}"), 1, false);
            return received.poll(300, TimeUnit.MILLISECONDS);
        });
        Thread.sleep(300);
        received.clear();
        int extra = 3;
        int sent = 1 + CommandChannel.QUEUE_CAPACITY + extra;
        for (int i = 0; i < sent; i++) {
            cloud.publish("cab/gw1/SLOW/EXEC/wait", bytes("{\"request.id\":\"s" + i
                    + "\",\"requester.client.id\":\"cloud-1\"}"), 1, false);
        }
        // While the handler waits, the only answers are BUSY: 'extra' of them, or one more when the worker had
        // not yet taken the first request off the queue as the last ones came in (a race under load that the
        // channel may rightly lose). Late replies to the probe do not count.
        java.util.Map<String, Integer> answers = new java.util.HashMap<>();
        String[] r;
        while ((r = received.poll(1000, TimeUnit.MILLISECONDS)) != null) {
            if (!r[0].endsWith("/REPLY/p")) {
                answers.merge(r[0] + " " + json(r[1]).get("response.code").getAsInt(), 1, Integer::sum);
            }
        }
        assertThat(answers.keySet()).as("nothing but BUSY while the handler waits")
                .allSatisfy(k -> assertThat(k).endsWith(" " + CommandResponder.BUSY));
        int busy = answers.size();
        assertThat(busy).isBetween(extra, extra + 1);
        release.countDown();
        while (answers.size() < sent) {
            String[] next = next();
            if (!next[0].endsWith("/REPLY/p")) {
                answers.merge(next[0] + " " + json(next[1]).get("response.code").getAsInt(), 1, Integer::sum);
            }
        }
        assertThat(answers.values()).as("every request answered once").containsOnly(1);
        assertThat(answers.keySet().stream().filter(k -> k.endsWith(" " + CommandResponder.OK)).count())
                .isEqualTo(sent - busy);
        assertThat(answers.keySet().stream().map(k -> k.substring(0, k.indexOf(' '))).distinct().count())
                .as("each request has one answer, OK or BUSY").isEqualTo(sent);
    }

    /**
     * Issue 15: while an application's handler is away (its bundle stopped or being updated) its requests are
     * answered at once, 404 naming it as not running, not dropped unheard at the broker (the topic used to be
     * unsubscribed, so the cloud waited for its own timeout); once a handler is back it answers again.
     */
    @Test
    void aRequestWhileItsApplicationIsAwayIsAnsweredNotRunningAndAnsweredAgainOnceBack() throws Exception {
        transport.commands().removeHandler(APP, handler);
        request("GET/bundles", "{\"request.id\":\"away\",\"requester.client.id\":\"cloud-1\"}");
        String[] r = next();
        assertThat(r[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/away");
        JsonObject reply = json(r[1]);
        assertThat(reply.get("response.code").getAsInt()).isEqualTo(CommandResponder.NOT_FOUND);
        assertThat(reply.getAsJsonObject("body").get("error").getAsString())
                .isEqualTo("application DEPLOY-V2 is not running on this gateway now (stopped, or being updated): "
                        + "send again later");
        assertThat(handled).isEmpty();

        transport.commands().addHandler(APP, handler);
        request("GET/bundles", "{\"request.id\":\"back\",\"requester.client.id\":\"cloud-1\"}");
        r = next();
        assertThat(r[0]).isEqualTo("cab/cloud-1/DEPLOY-V2/REPLY/back");
        assertThat(json(r[1]).get("response.code").getAsInt()).isEqualTo(CommandResponder.OK);
    }

    @Test
    void removedHandlerIsNoLongerCalled() throws Exception {
        transport.commands().removeHandler(APP, handler);
        request("GET/bundles", "{\"request.id\":\"gone\",\"requester.client.id\":\"cloud-1\"}");
        // Unsubscribing is asynchronous: a request already on its way may still arrive, and is then
        // answered 404 naming app.id. Either way the removed handler is never called.
        String[] reply = received.poll(1, TimeUnit.SECONDS); // topic, payload
        if (reply != null) {
            assertThat(reply[1]).contains("\"response.code\":404").contains("\"field\":\"app.id\"");
        }
        assertThat(handled).isEmpty();
    }
}
