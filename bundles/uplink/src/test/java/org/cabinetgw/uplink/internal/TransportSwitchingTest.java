package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.cabinetgw.uplink.TransportKind;
import org.junit.jupiter.api.Test;

/**
 * The transports and the choice of the active one, without a dispatcher, a queue or a network: time is given
 * by the test, the transports are plain objects whose readiness the test sets.
 */
class TransportSwitchingTest {

    private static final long FAILOVER = 10_000;
    private static final long HOLD = 30_000;

    private final TransportSwitching switching = new TransportSwitching(
            UplinkSettings.defaults(Path.of("unused")).withSwitching(FAILOVER, HOLD).withRetry(1000, 8000), 0);
    private final ScriptedTransport mqtt = new ScriptedTransport(TransportKind.MQTT, 10, 10);
    private final ScriptedTransport http = new ScriptedTransport(TransportKind.HTTP, 10, 10);

    @Test
    void startsOnMqttFailsOverToHttpAndComesBackAfterTheHold() {
        switching.put(mqtt);
        switching.put(http);
        assertThat(switching.evaluate(100, 0).to()).isEqualTo(TransportKind.MQTT);
        assertThat(switching.active()).isEqualTo(TransportKind.MQTT);
        assertThat(switching.evaluate(200, 0)).isNull();

        // an unacknowledged message older than the failover time: MQTT cannot deliver
        assertThat(switching.evaluate(300, FAILOVER)).isNull(); // unhealthy from now on
        SwitchPolicy.Switch failover = switching.evaluate(300 + FAILOVER, FAILOVER);
        assertThat(failover.from()).isEqualTo(TransportKind.MQTT);
        assertThat(failover.to()).isEqualTo(TransportKind.HTTP);

        assertThat(switching.evaluate(400 + FAILOVER, 0)).isNull(); // healthy again, the hold begins
        assertThat(switching.evaluate(400 + FAILOVER + HOLD, 0).to()).isEqualTo(TransportKind.MQTT);
    }

    @Test
    void aFailedSendBacksOffUntilItsDelayOrThePeerReturns() {
        switching.put(mqtt);
        switching.evaluate(0, 0);
        assertThat(switching.sendable(0)).isSameAs(mqtt);

        switching.failed(TransportKind.MQTT, 3, "connection lost", null, 3, 1000);
        assertThat(switching.trouble(TransportKind.MQTT).reason()).isEqualTo("connection lost");
        assertThat(switching.sendable(1001)).as("backing off").isNull();
        mqtt.peerBack = true;
        assertThat(switching.sendable(1002)).as("the peer listens again").isSameAs(mqtt);
        mqtt.peerBack = false;
        assertThat(switching.sendable(1003)).as("the back-off ended").isSameAs(mqtt);

        switching.failed(TransportKind.MQTT, 1, "refused", null, 1, 2000);
        var since = switching.trouble(TransportKind.MQTT).since();
        switching.failed(TransportKind.MQTT, 1, "timeout", Duration.ofDays(1), 1, 3000);
        assertThat(switching.trouble(TransportKind.MQTT).since()).as("the trouble's start is kept").isEqualTo(since);
        assertThat(switching.sendable(3000 + UplinkEngine.RETRY_AFTER_MAX_MILLIS - 1))
                .as("Retry-After honoured up to its bound").isNull();
        assertThat(switching.sendable(3000 + UplinkEngine.RETRY_AFTER_MAX_MILLIS)).isSameAs(mqtt);

        switching.delivered(TransportKind.MQTT, 4000);
        assertThat(switching.trouble(TransportKind.MQTT)).isNull();
    }

    @Test
    void aSwitchEndsTheTroubleOfTheTransportLeftBehind() {
        switching.put(mqtt);
        switching.put(http);
        switching.evaluate(0, 0);
        switching.failed(TransportKind.MQTT, 1, "broker gone", null, 1, 10);
        mqtt.ready = false;
        switching.evaluate(20, 0);
        assertThat(switching.evaluate(20 + FAILOVER, 0).to()).isEqualTo(TransportKind.HTTP);
        assertThat(switching.trouble(TransportKind.MQTT)).isNull();
        assertThat(switching.sendable(30 + FAILOVER)).isSameAs(http);
    }

    @Test
    void suspensionAndStateAsTheConsoleShowsThem() {
        assertThat(switching.state(TransportKind.HTTP)).isEqualTo("not configured");
        assertThat(switching.suspend(TransportKind.HTTP, " ")).isTrue();
        assertThat(switching.suspend(TransportKind.HTTP, "drill")).isFalse();
        switching.put(http);
        assertThat(http.suspended).as("a transport added while its kind is suspended learns it").isTrue();
        assertThat(switching.state(TransportKind.HTTP)).isEqualTo("suspended (suspended)");
        switching.evaluate(0, 0);
        assertThat(switching.active()).isEqualTo(TransportKind.NONE);
        assertThat(switching.resume(TransportKind.HTTP)).isTrue();
        assertThat(switching.resume(TransportKind.HTTP)).isFalse();
        assertThat(switching.state(TransportKind.HTTP)).isEqualTo("connected");
        assertThat(switching.evaluate(1, 0).to()).isEqualTo(TransportKind.HTTP);
    }

    @Test
    void onlyTheTransportAddedIsRemovedAndAnExpectedMqttIsWaitedFor() {
        switching.setPrimaryExpected(() -> true);
        switching.put(http);
        assertThat(switching.waitingForPrimary()).isTrue();
        assertThat(switching.evaluate(1, 0)).as("a late MQTT is not a failed one").isNull();
        switching.setPrimaryExpected(() -> {
            throw new IllegalStateException("configuration admin gone");
        });
        assertThat(switching.waitingForPrimary()).isFalse();
        assertThat(switching.remove(new ScriptedTransport(TransportKind.HTTP, 10, 10))).isFalse();
        assertThat(switching.remove(http)).isTrue();
        assertThat(switching.get(TransportKind.HTTP)).isNull();
    }
}
