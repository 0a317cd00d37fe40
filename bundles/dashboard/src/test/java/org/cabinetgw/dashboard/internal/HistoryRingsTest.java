package org.cabinetgw.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

class HistoryRingsTest {

    @Test
    void aRingKeepsTheNewestPointsOldestFirst() {
        HistoryRings rings = new HistoryRings(3, 10);
        for (int s = 1; s <= 5; s++) {
            rings.add("a", s, s * 10);
        }
        JsonObject a = rings.toJson(0).getAsJsonObject("a");
        assertThat(a.getAsJsonArray("t").toString()).isEqualTo("[3,4,5]");
        assertThat(a.getAsJsonArray("v").toString()).isEqualTo("[30.0,40.0,50.0]");
        assertThat(rings.toJson(4).getAsJsonObject("a").getAsJsonArray("t").toString()).isEqualTo("[5]");
    }

    @Test
    void theNumberOfSeriesIsBoundedAndNotNumbersAreSkipped() {
        HistoryRings rings = new HistoryRings(720, 2);
        rings.add("a", 1, 1);
        rings.add("b", 1, 1);
        rings.add("c", 1, 1);
        rings.add("a", 2, Double.NaN);
        rings.add("a", 3, Double.POSITIVE_INFINITY);
        assertThat(rings.seriesCount()).isEqualTo(2);
        assertThat(rings.refusedPoints()).isEqualTo(1);
        assertThat(rings.toJson(0).has("c")).isFalse();
        assertThat(rings.toJson(0).getAsJsonObject("a").getAsJsonArray("t").size()).isEqualTo(1);
        assertThat(rings.capacityBytes()).isEqualTo(2L * 720 * 8);
    }
}
