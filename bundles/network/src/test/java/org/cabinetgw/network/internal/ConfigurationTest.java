package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cabinetgw.network.LinkType;
import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

/**
 * The components' configuration types as DS hands them over: a proxy answers every attribute with its
 * Metatype default unless the test overrides it, so the defaults themselves are checked too.
 */
class ConfigurationTest {

    /** Each attribute's Metatype default unless overridden; one without a default fails the test at once. */
    static <T> T config(Class<T> type, Map<String, Object> overrides) {
        return AnnotationConfig.of(type, overrides);
    }

    @Test
    void linkDefaultsAreAValidConfiguration() {
        LinkSettings s = LinkComponent.settings(config(LinkConfig.class, Map.of()));
        assertThat(s.name()).isEqualTo("wired");
        assertThat(s.type()).isEqualTo(LinkType.WIRED);
        assertThat(s.table()).isEqualTo(101);
        assertThat(s.targets()).hasSize(2);
        assertThat(s.intervalMillis()).isEqualTo(200);
        assertThat(s.meteredIntervalMillis()).isEqualTo(300_000);
        assertThat(s.policy().flapHoldInitialMillis()).isEqualTo(10_000);
        assertThat(s.policy().flapHoldMaxMillis()).isEqualTo(300_000);
    }

    @Test
    void theDefaultProbingOfAMeteredStandbyLinkCostsUnderFiveMegabytesAMonth() {
        LinkSettings s = LinkComponent.settings(config(LinkConfig.class, Map.of("metered", true, "type", LinkType.CELLULAR)));
        // one TCP probe (SYN, SYN-ACK, ACK, RST) per round costs 423 bytes as the kernel counts them on the link:
        // FailoverBenchmark measured 50,736 bytes/hour at 120 rounds an hour (README)
        double roundsPerMonth = 30 * 24 * 3_600_000.0 / s.meteredIntervalMillis();
        assertThat(roundsPerMonth * 423).as("bytes a month").isLessThan(5e6);
        // and a dead link is still noticed within a few minutes: one interval, then confirmed at the fast interval
        assertThat(s.meteredIntervalMillis() + s.policy().downAfterRounds() * (long) (s.intervalMillis() + s.timeoutMillis()))
                .isLessThanOrEqualTo(5 * 60_000 + 2_000);
    }

    @Test
    void linkOutOfRangeValuesAreRefusedNamingTheAttribute() {
        assertThatThrownBy(() -> LinkComponent.settings(config(LinkConfig.class, Map.of("flap_window_seconds", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("flap.window.seconds = 0 is out of range; allowed 1..86400");
        assertThatThrownBy(() -> LinkComponent.settings(config(LinkConfig.class, Map.of("down_after_rounds", 101))))
                .hasMessage("down.after.rounds = 101 is out of range; allowed 1..100");
        assertThatThrownBy(() -> LinkComponent.settings(config(LinkConfig.class,
                Map.of("probe_targets", new String[] {"ftp://x"})))).hasMessageStartingWith("probe.targets = 'ftp://x'");
        assertThatThrownBy(() -> LinkComponent.settings(config(LinkConfig.class,
                Map.of("flap_hold_initial_seconds", 600, "flap_hold_max_seconds", 60)))).hasMessageStartingWith("flap.hold.max.seconds");
    }

    @Test
    void managerBackendAndCommandAreChecked() {
        assertThat(LinkManagerComponent.backend(config(ManagerConfig.class, Map.of())).name()).isEqualTo("iproute2");
        assertThat(LinkManagerComponent.backend(config(ManagerConfig.class, Map.of("backend", "simulated"))).applies())
                .isFalse();
        assertThatThrownBy(() -> LinkManagerComponent.backend(config(ManagerConfig.class, Map.of("backend", "nmcli"))))
                .hasMessage("backend = 'nmcli' is not supported; allowed iproute2, simulated");
        assertThatThrownBy(() -> LinkManagerComponent.backend(config(ManagerConfig.class, Map.of("ip_command", "ip; reboot"))))
                .hasMessage("ip.command = 'ip; reboot' is not a command name or path");
        assertThatThrownBy(() -> LinkManagerComponent.backend(config(ManagerConfig.class, Map.of("command_timeout_millis", 5))))
                .hasMessage("command.timeout.millis = 5 is out of range; allowed 100..60000");
    }

    @Test
    void modemIsAnIndexOrAModemManagerPath() {
        assertThat(CellularComponent.modem("0")).isEqualTo("0");
        assertThat(CellularComponent.modem("/org/freedesktop/ModemManager1/Modem/12")).isEqualTo("/org/freedesktop/ModemManager1/Modem/12");
        assertThatThrownBy(() -> CellularComponent.modem("--help")).hasMessageStartingWith("modem = '--help'");
        assertThatThrownBy(() -> CellularComponent.modem(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
