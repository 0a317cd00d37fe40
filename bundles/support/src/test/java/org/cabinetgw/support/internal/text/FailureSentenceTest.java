package org.cabinetgw.support.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Was core's ActivationFailureTest and deploy's HealthGateReasonTest: the two parsers are this one now. */
class FailureSentenceTest {

    @Test
    void theComponentsOwnSentenceIsFoundBehindTheReflectionWrapper() {
        String trace = """
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                \tat org.apache.felix.scr.impl.inject.internal.ComponentConstructorImpl.newInstance(ComponentConstructorImpl.java:326)
                Caused by: java.lang.IllegalArgumentException: server.uri = mqtt://x must start with tcp:// or ssl://
                \tat org.cabinetgw.uplink.internal.mqtt.MqttConfigValidator.validate(MqttConfigValidator.java:22)
                \t... 30 more
                """;
        assertThat(FailureSentence.of(trace)).isEqualTo("server.uri = mqtt://x must start with tcp:// or ssl://");
    }

    @Test
    void theInnermostOfSeveralCausesWins() {
        assertThat(FailureSentence.of("""
                java.lang.reflect.InvocationTargetException
                Caused by: java.lang.IllegalStateException: outer
                \tat a.B.c(B.java:1)
                Caused by: java.lang.IllegalArgumentException: failover.seconds = -5 is out of range; allowed 1..3600
                \tat org.cabinetgw.uplink.internal.Ranges.check(Ranges.java:11)
                """)).isEqualTo("failover.seconds = -5 is out of range; allowed 1..3600");
    }

    @Test
    void aPlainExceptionGivesItsMessageAndNothingGivesSaysSo() {
        assertThat(FailureSentence.of("java.lang.IllegalArgumentException: pollIntervalMs = 5 is out of range\n\tat x.y(Z.java:1)"))
                .isEqualTo("pollIntervalMs = 5 is out of range");
        assertThat(FailureSentence.of("java.lang.IllegalStateException: no line\n\tat x.Y.z(Y.java:1)")).isEqualTo("no line");
        assertThat(FailureSentence.of(null)).isEqualTo("no reason given");
        assertThat(FailureSentence.of("  ")).isEqualTo("no reason given");
        assertThat(FailureSentence.of("java.lang.NullPointerException")).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void aHostileLengthIsCut() {
        String sentence = FailureSentence.of("java.lang.IllegalArgumentException: " + "x".repeat(10_000));
        assertThat(sentence).hasSize(303).endsWith("...");
    }
}
