package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cabinetgw.network.internal.ProbeTarget.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeTargetTest {

    @Test
    void parsesEveryKind() {
        assertThat(ProbeTarget.parse("t", "tcp://10.0.0.1:443")).isEqualTo(new ProbeTarget(Kind.TCP, "10.0.0.1", 443, "", "tcp://10.0.0.1:443"));
        ProbeTarget http = ProbeTarget.parse("t", "http://probe.example.com/generate_204?x=1");
        assertThat(http.kind()).isEqualTo(Kind.HTTP);
        assertThat(http.port()).isEqualTo(80);
        assertThat(http.path()).isEqualTo("/generate_204?x=1");
        assertThat(ProbeTarget.parse("t", "https://[2001:db8::1]").port()).isEqualTo(443);
        assertThat(ProbeTarget.parse("t", "https://[2001:db8::1]").host()).isEqualTo("2001:db8::1");
        assertThat(ProbeTarget.parse("t", "https://[2001:db8::1]").path()).isEqualTo("/");
        ProbeTarget dns = ProbeTarget.parse("t", " DNS://9.9.9.9/example.org ");
        assertThat(dns.kind()).isEqualTo(Kind.DNS);
        assertThat(dns.port()).isEqualTo(53);
        assertThat(dns.path()).isEqualTo("example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "icmp://1.1.1.1", "tcp://1.1.1.1", "tcp://:80", "tcp://1.1.1.1:0",
            "tcp://1.1.1.1:70000", "http://", "dns://9.9.9.9/", "dns://9.9.9.9/bad..name", "dns://9.9.9.9/a b",
            "http://h/p%0d%0aX-Injected:1 x", "not a uri at all", "file:///etc/passwd"})
    void refusesBadTargetsNamingTheAttribute(String text) {
        assertThatThrownBy(() -> ProbeTarget.parse("probe.targets", text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("probe.targets");
    }

    @Test
    void refusesOverlongTargets() {
        assertThatThrownBy(() -> ProbeTarget.parse("probe.targets", "tcp://" + "a".repeat(600) + ":1"))
                .hasMessageContaining("longer than 512");
    }
}
