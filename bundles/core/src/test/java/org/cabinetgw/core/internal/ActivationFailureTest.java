package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationFailureTest {

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
        assertThat(ActivationFailure.sentence(trace)).isEqualTo("server.uri = mqtt://x must start with tcp:// or ssl://");
    }

    @Test
    void aPlainExceptionGivesItsMessageAndNothingGivesSaysSo() {
        assertThat(ActivationFailure.sentence("java.lang.IllegalArgumentException: pollIntervalMs = 5 is out of range\n\tat x.y(Z.java:1)"))
                .isEqualTo("pollIntervalMs = 5 is out of range");
        assertThat(ActivationFailure.sentence(null)).isEqualTo("no reason given");
        assertThat(ActivationFailure.sentence("java.lang.NullPointerException")).isEqualTo("java.lang.NullPointerException");
    }
}
