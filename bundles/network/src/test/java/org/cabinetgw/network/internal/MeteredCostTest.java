package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeteredCostTest {

    private static final long MIN = 60_000;

    @Test
    void projectsTheLastHoursRateToAMonth() {
        MeteredCost cost = new MeteredCost();
        for (int minute = 0; minute <= 90; minute++) {
            cost.record(minute * MIN, minute * 100L); // 100 bytes a minute: 6000 an hour
        }
        assertThat(cost.bytesPerMonth()).isEqualTo(6000L * 24 * 30);
        assertThat(cost.describe("wwan0")).isEqualTo("metered: 4.3 MB/month at the rate of the last 60 min (wwan0's byte counters)");
    }

    @Test
    void saysNothingBeforeTenMinutesOfCounters() {
        MeteredCost cost = new MeteredCost();
        cost.record(0, 1000);
        cost.record(9 * MIN, 5000);
        assertThat(cost.bytesPerMonth()).isEqualTo(-1);
        assertThat(cost.describe("wwan0")).isEmpty();
        cost.record(10 * MIN, 6000);
        assertThat(cost.bytesPerMonth()).isEqualTo(Math.round(5000 * 30 * 24 * 6.0));
    }

    @Test
    void samplesOnceAMinuteAndStartsAgainWhenTheCountersGoBack() {
        MeteredCost cost = new MeteredCost();
        cost.record(0, 1_000_000);
        for (long t = 1000; t < 20 * MIN; t += 200) { // the probe thread ticks every 200 ms
            cost.record(t, 1_000_000 + t);
        }
        assertThat(cost.bytesPerMonth()).isPositive();
        cost.record(21 * MIN, 10); // the modem's interface was recreated
        assertThat(cost.bytesPerMonth()).isEqualTo(-1);
        cost.record(22 * MIN, -1); // unreadable counters are skipped
        cost.record(31 * MIN, 610);
        assertThat(cost.bytesPerMonth()).isEqualTo(Math.round(600 * 30 * 24 * 6.0));
    }
}
