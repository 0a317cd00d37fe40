package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.uplink.internal.MosquittoDeliveryTest.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.http.HttpSettings;
import org.cabinetgw.uplink.internal.http.HttpTransport;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The HTTP transport through the engine against a real HTTP server that answers what each test scripts. */
// real HTTP server: a hang must fail this class, not block CI
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class HttpFallbackTest {

    @TempDir
    Path dir;

    private CloudHttpServer cloud;
    private HttpTransport http;
    private UplinkEngine engine;
    private final List<String> deadLetterEvents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (http != null) {
            http.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private void start(HttpSettings settings) throws Exception {
        http = new HttpTransport(settings);
        engine = new UplinkEngine(UplinkSettings.defaults(dir).withSwitching(200, 200).withRetry(50, 2000),
                new UplinkEngine.Events() {
                    @Override
                    public void deadLettered(int count, int status, String reason) {
                        deadLetterEvents.add(count + "/" + status);
                    }
                });
        engine.addTransport(http);
    }

    private List<Message> publish(int n, Priority p) throws Exception {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Message m = Message.of("test", "http/t", p, Map.of("i", i));
            engine.publish(m);
            sent.add(m);
        }
        return sent;
    }

    @Test
    void batchesAreJsonArraysWithIdempotencyKeyAndBearerToken() throws Exception {
        cloud = new CloudHttpServer();
        start(new HttpSettings(cloud.uri(), "s3cret", 50, 5000, 2000, null));
        List<Message> sent = publish(120, Priority.TELEMETRY);
        assertThat(engine.awaitDrained(10_000)).isTrue();
        assertThat(cloud.acceptedIds().keySet())
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Message::id).toList());
        assertThat(cloud.requests()).allSatisfy(r -> {
            assertThat(r.idempotencyKey()).isNotBlank();
            assertThat(r.authorization()).isEqualTo("Bearer s3cret");
            assertThat(r.ids().size()).isLessThanOrEqualTo(50);
        });
        assertThat(engine.activeTransport()).isEqualTo(TransportKind.HTTP);
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetriedWithTheSameKeyHonouringRetryAfter() throws Exception {
        cloud = new CloudHttpServer();
        cloud.script(n -> switch (n) {
            case 0 -> new Answer(503, Map.of(), "busy");
            case 1 -> new Answer(429, Map.of("Retry-After", "1"), "slow down");
            case 2 -> new Answer(408, Map.of(), "");
            default -> Answer.ok();
        });
        start(new HttpSettings(cloud.uri(), "", 500, 5000, 2000, null));
        // the first batch goes out at once; all three are in it
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = Message.of("test", "http/t", Priority.EVENT, Map.of("i", i));
            sent.add(m);
        }
        long start = System.nanoTime();
        for (Message m : sent) {
            engine.publish(m);
        }
        assertThat(engine.awaitDrained(15_000)).isTrue();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        List<CloudHttpServer.Request> requests = cloud.requests();
        assertThat(requests).extracting(CloudHttpServer.Request::answeredWith).startsWith(503, 429, 408);
        assertThat(requests.get(requests.size() - 1).answeredWith()).isEqualTo(200);
        // nothing lost: every id was finally accepted
        assertThat(cloud.acceptedIds().keySet()).containsAll(sent.stream().map(Message::id).toList());
        // the 429 asked for a second: it was honoured
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(1000);
        // a retried batch with the same ids carries the same key
        Map<List<String>, Set<String>> keysByIds = new java.util.HashMap<>();
        requests.forEach(r -> keysByIds.computeIfAbsent(r.ids(), k -> new HashSet<>()).add(r.idempotencyKey()));
        assertThat(keysByIds.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
    }

    @Test
    void aRefusedMessageAloneGoesToTheDeadLetterStoreWithTheReason() throws Exception {
        cloud = new CloudHttpServer();
        start(new HttpSettings(cloud.uri(), "", 500, 5000, 2000, null));
        engine.suspend(TransportKind.HTTP, "test: fill the queue first");
        List<Message> sent = publish(139, Priority.TELEMETRY);
        String bad = sent.get(77).id();
        // the endpoint refuses every request that holds the bad message, whatever else is in it
        cloud.scriptByIds(ids -> ids.contains(bad) ? new Answer(400, Map.of(), "field 'ts' is not a date")
                : Answer.ok());
        engine.resume(TransportKind.HTTP);
        assertThat(engine.awaitDrained(20_000)).isTrue();

        List<String> lines = Files.readAllLines(dir.resolve("deadletter").resolve("deadletter.jsonl"));
        assertThat(lines).as("only the refused message").hasSize(1);
        JsonObject line = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertThat(line.get("status").getAsInt()).isEqualTo(400);
        assertThat(line.get("reason").getAsString()).contains("field 'ts' is not a date");
        assertThat(line.get("id").getAsString()).isEqualTo(bad);
        assertThat(engine.snapshot().deadLettered()).isEqualTo(1);
        assertThat(deadLetterEvents).containsExactly("1/400");
        Set<String> others = new HashSet<>(sent.stream().map(Message::id).toList());
        others.remove(bad);
        assertThat(cloud.acceptedIds().keySet()).as("all the others arrived").isEqualTo(others);
        assertThat(cloud.acceptedIds().values()).as("each once").allSatisfy(n -> assertThat(n).isEqualTo(1));
        // bisection: about 2 log2(139) requests, not one per message
        assertThat(cloud.requests().size()).isBetween(3, 20);
        // the uplink carries on
        Message next = publish(1, Priority.ALARM).get(0);
        waitFor(() -> cloud.acceptedIds().containsKey(next.id()), 10_000);
    }

    @Test
    void aTransientRefusalOfTheWholeBatchCostsNothing() throws Exception {
        cloud = new CloudHttpServer();
        cloud.script(n -> n == 0 ? new Answer(400, Map.of(), "proxy hiccup") : Answer.ok());
        start(new HttpSettings(cloud.uri(), "", 500, 5000, 2000, null));
        engine.suspend(TransportKind.HTTP, "test: fill the queue first");
        List<Message> sent = publish(40, Priority.EVENT);
        engine.resume(TransportKind.HTTP);
        assertThat(engine.awaitDrained(10_000)).isTrue();
        assertThat(cloud.acceptedIds().keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Message::id).toList());
        assertThat(engine.snapshot().deadLettered()).isZero();
        assertThat(Files.exists(dir.resolve("deadletter").resolve("deadletter.jsonl"))).isFalse();
    }

    @Test
    void aSingleMessageIsSentAloneOnceMoreBeforeItIsDeadLettered() throws Exception {
        cloud = new CloudHttpServer();
        cloud.script(n -> new Answer(422, Map.of(), "unknown topic"));
        start(new HttpSettings(cloud.uri(), "", 500, 5000, 2000, null));
        Message bad = publish(1, Priority.ALARM).get(0);
        assertThat(engine.awaitDrained(10_000)).isTrue();
        assertThat(cloud.requests()).hasSize(2).allSatisfy(r -> assertThat(r.ids()).containsExactly(bad.id()));
        assertThat(engine.snapshot().deadLettered()).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheRequestItselfIsRetriedNotDeadLettered() throws Exception {
        cloud = new CloudHttpServer();
        cloud.script(n -> n < 3 ? new Answer(401, Map.of(), "bad token") : Answer.ok());
        start(new HttpSettings(cloud.uri(), "", 500, 5000, 2000, null));
        List<Message> sent = publish(10, Priority.EVENT);
        assertThat(engine.awaitDrained(15_000)).isTrue();
        assertThat(engine.snapshot().deadLettered()).isZero();
        assertThat(cloud.acceptedIds().keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Message::id).toList());
        assertThat(engine.transportState(TransportKind.HTTP)).contains("delivering");
    }

    @Test
    void aRetryIsTheSameRequestWithTheSameKeyAndNewMessagesGoInTheNext() throws Exception {
        cloud = new CloudHttpServer();
        cloud.script(n -> n < 3 ? new Answer(503, Map.of(), "busy") : Answer.ok());
        start(new HttpSettings(cloud.uri(), "", 500, 5000, 2000, null));
        engine.suspend(TransportKind.HTTP, "test: five in the first request");
        List<Message> first = publish(5, Priority.EVENT);
        engine.resume(TransportKind.HTTP);
        waitFor(() -> cloud.requests().size() >= 1, 10_000);
        // queued while the first request is being retried
        List<Message> later = publish(5, Priority.EVENT);
        assertThat(engine.awaitDrained(20_000)).isTrue();
        List<CloudHttpServer.Request> requests = cloud.requests();
        List<String> firstIds = first.stream().map(Message::id).toList();
        for (int i = 0; i < 4; i++) {
            assertThat(requests.get(i).ids()).as("request %d is the first batch again", i).isEqualTo(firstIds);
            assertThat(requests.get(i).idempotencyKey()).isEqualTo(requests.get(0).idempotencyKey());
        }
        assertThat(requests.get(4).ids()).isEqualTo(later.stream().map(Message::id).toList());
        assertThat(requests.get(4).idempotencyKey()).isNotEqualTo(requests.get(0).idempotencyKey());
        // plain HTTP/1.1, no request to upgrade to h2c (some proxies refuse it)
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.upgrade()).isNull();
            assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        });
    }

    @Test
    void anEndpointThatComesBackIsUsedWithinSecondsWhateverTheBackOff() throws Exception {
        int port = org.cabinetgw.uplink.itest.Mosquitto.freePort(); // nothing listens there yet
        http = new HttpTransport(new HttpSettings(java.net.URI.create("http://127.0.0.1:" + port + "/ingest"), "", 100,
                2000, 1000, null));
        // a back-off that reaches a minute at once: only the probe can make the resumption fast
        engine = new UplinkEngine(UplinkSettings.defaults(dir).withSwitching(200, 200).withRetry(60_000, 60_000),
                new UplinkEngine.Events() { });
        engine.addTransport(http);
        List<Message> sent = publish(20, Priority.EVENT);
        waitFor(() -> engine.trouble(TransportKind.HTTP) != null, 10_000);
        Thread.sleep(2_000);
        cloud = CloudHttpServer.onPort(port);
        long back = System.nanoTime();
        waitFor(() -> cloud.acceptedIds().keySet().containsAll(sent.stream().map(Message::id).toList()), 20_000);
        long resumedMillis = (System.nanoTime() - back) / 1_000_000;
        assertThat(resumedMillis).as("resumed %d ms after the endpoint came back", resumedMillis).isLessThan(7_000);
        assertThat(engine.trouble(TransportKind.HTTP)).isNull();
    }

    @Test
    void anEndpointThatAnswered503IsUsedWithinSecondsOfRecoveringWithTheDefaultSettings() throws Exception {
        cloud = new CloudHttpServer();
        long recoverAt = System.nanoTime() + 20_000_000_000L;
        cloud.script(n -> System.nanoTime() < recoverAt ? new Answer(503, Map.of(), "maintenance") : Answer.ok());
        http = new HttpTransport(new HttpSettings(cloud.uri(), "", 100, 2000, 1000, null));
        engine = new UplinkEngine(UplinkSettings.defaults(dir).withSwitching(200, 200), new UplinkEngine.Events() { });
        engine.addTransport(http);
        List<Message> sent = publish(20, Priority.EVENT);
        waitFor(() -> cloud.acceptedIds().keySet().containsAll(sent.stream().map(Message::id).toList()), 60_000);
        long resumedMillis = (System.nanoTime() - recoverAt) / 1_000_000;
        // the default retry.max.seconds (5) bounds it; 20 s of 503 made the back-off reach that cap
        assertThat(resumedMillis).as("resumed %d ms after the endpoint recovered", resumedMillis).isLessThan(7_000);
    }

    @Test
    void unreachableEndpointKeepsEverythingQueued() throws Exception {
        int port = org.cabinetgw.uplink.itest.Mosquitto.freePort(); // nothing listens there
        start(new HttpSettings(java.net.URI.create("http://127.0.0.1:" + port + "/ingest"), "", 100, 1000, 500, null));
        publish(20, Priority.EVENT);
        Thread.sleep(1500);
        assertThat(engine.queued()).isEqualTo(20);
        assertThat(engine.snapshot().delivered()).isZero();
    }
}
