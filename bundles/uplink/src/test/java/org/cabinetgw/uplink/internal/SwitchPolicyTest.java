package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.cabinetgw.uplink.TransportKind;
import org.junit.jupiter.api.Test;

/** The switching rules on a made-up clock (milliseconds). */
class SwitchPolicyTest {

    @Test
    void mqttIsChosenFirstAndHttpTakesOverOnlyAfterTheFailoverTime() {
        SwitchPolicy p = new SwitchPolicy(30_000, 60_000, 0);
        assertThat(p.evaluate(0, true, false, false, true).to()).isEqualTo(TransportKind.MQTT);
        assertThat(p.evaluate(1_000, true, false, true, true)).isNull();
        assertThat(p.evaluate(5_000, true, false, false, true)).as("just failed").isNull();
        assertThat(p.evaluate(34_999, true, false, false, true)).as("29.999 s").isNull();
        SwitchPolicy.Switch s = p.evaluate(35_000, true, false, false, true);
        assertThat(s.from()).isEqualTo(TransportKind.MQTT);
        assertThat(s.to()).isEqualTo(TransportKind.HTTP);
        assertThat(s.reason()).contains("30000 ms");
    }

    @Test
    void aShortRecoveryResetsTheFailoverClock() {
        SwitchPolicy p = new SwitchPolicy(10_000, 10_000, 0);
        p.evaluate(0, true, false, true, true);
        p.evaluate(1_000, true, false, false, true);
        p.evaluate(9_000, true, false, true, true); // back before T
        assertThat(p.evaluate(12_000, true, false, false, true)).isNull();
        assertThat(p.evaluate(21_999, true, false, false, true)).isNull();
        assertThat(p.evaluate(22_000, true, false, false, true).to()).isEqualTo(TransportKind.HTTP);
    }

    @Test
    void mqttReturnsOnlyAfterBeingHealthyForTheWholeHoldTime() {
        SwitchPolicy p = new SwitchPolicy(1_000, 60_000, 0);
        p.evaluate(0, true, false, false, true);
        assertThat(p.evaluate(1_000, true, false, false, true).to()).isEqualTo(TransportKind.HTTP);
        assertThat(p.evaluate(2_000, true, false, true, true)).isNull();
        assertThat(p.evaluate(30_000, true, false, false, true)).as("flap").isNull();
        assertThat(p.evaluate(31_000, true, false, true, true)).isNull();
        assertThat(p.evaluate(90_999, true, false, true, true)).isNull();
        assertThat(p.evaluate(91_000, true, false, true, true).to()).isEqualTo(TransportKind.MQTT);
    }

    @Test
    void withoutFallbackMqttStaysActiveAndWithoutMqttHttpIsUsed() {
        SwitchPolicy p = new SwitchPolicy(1_000, 1_000, 0);
        assertThat(p.evaluate(0, true, false, false, false).to()).isEqualTo(TransportKind.MQTT);
        assertThat(p.evaluate(100_000, true, false, false, false)).isNull();

        SwitchPolicy onlyHttp = new SwitchPolicy(1_000, 1_000, 0);
        assertThat(onlyHttp.evaluate(0, false, false, false, true).to()).isEqualTo(TransportKind.HTTP);

        SwitchPolicy nothing = new SwitchPolicy(1_000, 1_000, 0);
        assertThat(nothing.evaluate(0, false, false, false, false)).isNull();
        assertThat(nothing.active()).isEqualTo(TransportKind.NONE);
    }

    @Test
    void httpGoingAwayHandsBackToMqttAtOnce() {
        SwitchPolicy p = new SwitchPolicy(1_000, 60_000, 0);
        p.evaluate(0, true, false, false, true);
        p.evaluate(2_000, true, false, false, true);
        assertThat(p.active()).isEqualTo(TransportKind.HTTP);
        assertThat(p.evaluate(2_100, true, false, false, false).to()).isEqualTo(TransportKind.MQTT);
        assertThat(p.evaluate(2_200, false, false, false, false).to()).isEqualTo(TransportKind.NONE);
    }

    @Test
    void aConfiguredMqttThatIsNotAddedYetIsWaitedForUpToTheFailoverTime() {
        // the HTTP transport is there first, MQTT is configured but its component has not activated yet
        SwitchPolicy p = new SwitchPolicy(30_000, 60_000, 0);
        assertThat(p.evaluate(0, false, true, false, true)).as("not the fallback at once").isNull();
        assertThat(p.evaluate(19_999, false, true, false, true)).isNull();
        assertThat(p.active()).isEqualTo(TransportKind.NONE);
        assertThat(p.evaluate(20_000, true, false, false, true).to()).as("MQTT arrives: primary")
                .isEqualTo(TransportKind.MQTT);
        assertThat(p.evaluate(49_999, true, false, false, true)).as("still connecting: its own failover time")
                .isNull();
        assertThat(p.evaluate(50_000, true, false, false, true).to()).isEqualTo(TransportKind.HTTP);

        SwitchPolicy never = new SwitchPolicy(30_000, 60_000, 0);
        never.evaluate(0, false, true, false, true);
        SwitchPolicy.Switch s = never.evaluate(30_000, false, true, false, true);
        assertThat(s.to()).as("it never came: the fallback after the failover time").isEqualTo(TransportKind.HTTP);
        assertThat(s.reason()).contains("configured MQTT transport did not start");
    }
}
