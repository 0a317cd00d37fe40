package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerMonitor;
import org.junit.jupiter.api.Test;

/** The coordinator's optional services, without a framework: what is read when they misbehave or go away. */
class CapabilitiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Capabilities services = new Capabilities();

    private static Meter ups(String name, Double runtime, boolean stale) {
        return new Meter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MeterRole role() {
                return MeterRole.UPS;
            }

            @Override
            public MeterReading lastReading() {
                if (runtime == null) {
                    throw new IllegalStateException("meter going away");
                }
                return new MeterReading(name, MeterRole.UPS, T0, Map.of(MeterReading.RUNTIME_LEFT, runtime), stale, null);
            }
        };
    }

    @Test
    void aContributorThatThrowsOrSaysNothingIsDownAndTheWorseOfTwoNamesakesCounts() {
        services.putContributor(1, "storage.raid", () -> Health.up(T0), null);
        services.putContributor(2, "storage.raid", () -> Health.degraded("md0 rebuilding", T0), null);
        services.putContributor(3, "modbus", () -> null, null);
        services.putContributor(4, "power.meter.ups", () -> {
            throw new IllegalStateException("unregistered");
        }, null);
        services.putContributor(5, "failover.cabinet", () -> Health.up(T0), null);

        Map<String, Health> read = services.components(T0, "failover.cabinet");
        assertThat(read).containsOnlyKeys("storage.raid", "modbus", "power.meter.ups");
        assertThat(read.get("storage.raid").state()).isEqualTo(HealthState.DEGRADED);
        assertThat(read.get("modbus")).isEqualTo(Health.down("reported no health", T0));
        assertThat(read.get("power.meter.ups").reason())
                .isEqualTo("health check failed: java.lang.IllegalStateException: unregistered");

        services.removeContributor(2);
        assertThat(services.components(T0, "failover.cabinet").get("storage.raid").state()).isEqualTo(HealthState.UP);
    }

    @Test
    void theLeastFreshUpsRuntimeCounts() {
        assertThat(services.upsRuntime()).isNull();
        services.putUpsMeter(1, ups("ups1", 900.0, false));
        services.putUpsMeter(2, ups("ups2", 300.0, false));
        services.putUpsMeter(3, ups("ups3", 60.0, true)); // stale: not read
        services.putUpsMeter(4, ups("ups4", null, false)); // throws: skipped
        assertThat(services.upsRuntime()).isEqualTo(300.0);
        services.removeUpsMeter(2);
        assertThat(services.upsRuntime()).isEqualTo(900.0);
    }

    @Test
    void anUnbindOfAServiceAlreadyReplacedKeepsTheNewOne() {
        PowerMonitor first = () -> null;
        PowerMonitor second = () -> null;
        services.setPowerMonitor(first);
        services.setPowerMonitor(second);
        services.unsetPowerMonitor(first);
        assertThat(services.powerMonitor()).isSameAs(second);
        services.unsetPowerMonitor(second);
        assertThat(services.powerMonitor()).isNull();
        assertThat(services.power()).isNull();
    }

    @Test
    void aLinkManagerThatThrowsReadsAsNoLinks() {
        assertThat(services.links()).isEmpty();
        assertThat(services.activeLink()).isNull();
        services.setLinkManager(failingLinkManager());
        assertThat(services.links()).isEmpty();
        assertThat(services.activeLink()).isNull();
        assertThat(services.uplinkSnapshot()).isNull();
    }

    /** A link manager whose bundle is going away: every call throws. */
    private static LinkManager failingLinkManager() {
        return new LinkManager() {
            @Override
            public Optional<LinkStatus> activeLink() {
                throw new IllegalStateException("link manager going away");
            }

            @Override
            public boolean isActiveLinkMetered() {
                throw new IllegalStateException("link manager going away");
            }

            @Override
            public List<LinkStatus> links() {
                throw new IllegalStateException("link manager going away");
            }

            @Override
            public void forceDown(String link, String reason) {
                throw new IllegalStateException("link manager going away");
            }

            @Override
            public void release(String link) {
                throw new IllegalStateException("link manager going away");
            }
        };
    }
}
