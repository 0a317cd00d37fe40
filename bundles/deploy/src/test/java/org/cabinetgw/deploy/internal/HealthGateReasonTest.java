package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A package whose component refused its configuration is reported with the component's sentence. */
class HealthGateReasonTest {

    @Test
    void theInnermostCauseIsTheReasonNotTheReflectionWrapper() {
        assertThat(HealthGate.firstLine("""
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                Caused by: java.lang.IllegalArgumentException: failover.seconds = -5 is out of range: allowed 1..3600
                \tat org.cabinetgw.uplink.internal.Ranges.check(Ranges.java:11)
                """)).isEqualTo("failover.seconds = -5 is out of range: allowed 1..3600");
        assertThat(HealthGate.firstLine("java.lang.IllegalStateException: no line\n\tat x.Y.z(Y.java:1)"))
                .isEqualTo("no line");
        assertThat(HealthGate.firstLine(null)).isEqualTo("no reason given");
    }
}
