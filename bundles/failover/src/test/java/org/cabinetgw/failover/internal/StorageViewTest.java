package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.cabinetgw.storage.StorageEvents;
import org.junit.jupiter.api.Test;

class StorageViewTest {

    @Test
    void garbageEventsChangeNothing() {
        StorageView v = new StorageView();
        assertThat(v.accept(null, Map.of())).isFalse();
        assertThat(v.accept("org/other/FAIL", Map.of(StorageEvents.ARRAY, "md0"))).isFalse();
        assertThat(v.accept(StorageEvents.FAIL, Map.of())).isFalse();
        assertThat(v.accept(StorageEvents.FAIL, Map.of(StorageEvents.ARRAY, 42))).isFalse();
        assertThat(v.accept(StorageEvents.FAIL, Map.of(StorageEvents.ARRAY, " "))).isFalse();
        assertThat(v.accept(StorageEvents.TOPIC_PREFIX + "NO_SUCH", Map.of(StorageEvents.ARRAY, "md0"))).isFalse();
        assertThat(v.accept(StorageEvents.DISK_ALARM, Map.of(StorageEvents.ALARM, "WEAR"))).isFalse();
        assertThat(v.snapshot().arrays()).isEmpty();
        assertThat(v.snapshot().diskAlarms()).isEmpty();
    }

    @Test
    void absurdCountsAreIgnoredNotBelieved() {
        StorageView v = new StorageView();
        Map<String, Object> p = new HashMap<>();
        p.put(StorageEvents.ARRAY, "md1");
        p.put(StorageEvents.RAID_DEVICES, -3);
        p.put(StorageEvents.WORKING_DEVICES, Long.MAX_VALUE);
        p.put(StorageEvents.PERCENT, "forty");
        v.accept(StorageEvents.NEW_ARRAY, p);
        StorageView.ArrayState a = v.snapshot().arrays().get("md1");
        assertThat(a.raidDevices()).isZero();
        assertThat(a.degraded()).isFalse();
    }

    @Test
    void aRepeatedEventIsNoChange() {
        StorageView v = new StorageView();
        Map<String, Object> p = Map.of(StorageEvents.ARRAY, "md0", StorageEvents.RAID_DEVICES, 2, StorageEvents.WORKING_DEVICES, 1);
        assertThat(v.accept(StorageEvents.DEGRADED_ARRAY, p)).isTrue();
        assertThat(v.accept(StorageEvents.DEGRADED_ARRAY, p)).isFalse();
        assertThat(v.snapshot().anyArrayDegraded()).isTrue();
    }
}
