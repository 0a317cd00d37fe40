package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cabinetgw.network.LinkType;
import org.junit.jupiter.api.Test;

/** Validation of a link's configuration: every refusal names the attribute, the value and what is allowed. */
class LinkSettingsTest {

    private static final HealthPolicy POLICY = new HealthPolicy(20, 2, 5, 20, 500, 60_000, 10_000, 300_000);

    private static LinkSettings of(String name, String ifname, int priority, String gateway, int table, String[] targets,
            int interval, int meteredInterval, int timeout) {
        return LinkSettings.of(name, ifname, LinkType.WIRED, priority, false, gateway, "", table, targets, interval,
                meteredInterval, timeout, 204, POLICY);
    }

    private static final String[] TARGETS = {"tcp://1.1.1.1:443"};

    @Test
    void defaultsAreValidAndTheTableFollowsThePriority() {
        LinkSettings s = of("wired", "eth0", 1, "192.168.1.1", 0, TARGETS, 200, 5000, 300);
        assertThat(s.table()).isEqualTo(101);
        assertThat(s.rulePriority()).isEqualTo(1101);
        assertThat(s.gateway().getHostAddress()).isEqualTo("192.168.1.1");
        assertThat(of("lte", "wwan0", 2, "", 7, TARGETS, 200, 5000, 300).gateway()).isNull();
    }

    @Test
    void refusesOutOfRangeValues() {
        assertThatThrownBy(() -> of("wired", "eth0", 0, "", 0, TARGETS, 200, 5000, 300))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("priority = 0 is out of range; allowed 1..100");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 253, TARGETS, 200, 5000, 300))
                .hasMessage("routing.table = 253 is out of range; allowed 0..252");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 0, TARGETS, 5, 5000, 300))
                .hasMessage("probe.interval.millis = 5 is out of range; allowed 20..60000");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 0, TARGETS, 200, 100, 300))
                .hasMessage("probe.metered.interval.millis = 100 is out of range; allowed 200..3600000");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 0, TARGETS, 200, 5000, 0))
                .hasMessage("probe.timeout.millis = 0 is out of range; allowed 10..30000");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 0, new String[0], 200, 5000, 300))
                .hasMessage("probe.targets has 0 entries; allowed 1..8");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 0, null, 200, 5000, 300))
                .hasMessage("probe.targets has 0 entries; allowed 1..8");
        String[] nine = new String[9];
        java.util.Arrays.fill(nine, "tcp://1.1.1.1:443");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "", 0, nine, 200, 5000, 300))
                .hasMessage("probe.targets has 9 entries; allowed 1..8");
    }

    @Test
    void refusesNamesAndAddressesThatCouldEndUpInACommandLine() {
        assertThatThrownBy(() -> of("wired", "eth0; reboot", 1, "", 0, TARGETS, 200, 5000, 300))
                .hasMessageStartingWith("interface.name = 'eth0; reboot' is invalid");
        assertThatThrownBy(() -> of("wired", "-all", 1, "", 0, TARGETS, 200, 5000, 300))
                .hasMessageStartingWith("interface.name = '-all'");
        assertThatThrownBy(() -> of("wired", "averyveryverylongname0", 1, "", 0, TARGETS, 200, 5000, 300))
                .hasMessageStartingWith("interface.name");
        assertThatThrownBy(() -> of("", "eth0", 1, "", 0, TARGETS, 200, 5000, 300)).hasMessageStartingWith("name = ''");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "router.lan", 0, TARGETS, 200, 5000, 300))
                .hasMessage("gateway = 'router.lan' is not a numeric IP address");
        assertThatThrownBy(() -> of("wired", "eth0", 1, "300.1.1.1", 0, TARGETS, 200, 5000, 300))
                .hasMessage("gateway = '300.1.1.1' is not a numeric IP address");
        assertThatThrownBy(() -> LinkSettings.of("w", "eth0", LinkType.WIRED, 1, false, "", "10.0.0.1 via", 0, TARGETS,
                200, 5000, 300, 204, POLICY)).hasMessageStartingWith("source.address");
        assertThat(IpLiteral.isLiteral("2001:db8::1")).isTrue();
        assertThat(IpLiteral.isLiteral("fe80::1%eth0")).isFalse();
    }

    @Test
    void refusesAMissingType() {
        assertThatThrownBy(() -> LinkSettings.of("w", "eth0", null, 1, false, "", "", 0, TARGETS, 200, 5000, 300, 204,
                POLICY)).hasMessage("type is missing");
    }
}
