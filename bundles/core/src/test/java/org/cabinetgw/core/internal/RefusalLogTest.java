package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class RefusalLogTest {

    @Test
    void oneVersionOfAConfigurationIsSaidAtWarnOnceWhoeverReportsItFirst() {
        RefusalLog log = new RefusalLog();
        String v = RefusalLog.content(props(-5));
        assertThat(log.first("org.cabinetgw.uplink", v)).as("the Metatype check, say").isTrue();
        assertThat(log.first("org.cabinetgw.uplink", RefusalLog.content(props(-5))))
                .as("the component, the same values").isFalse();
        assertThat(log.first("org.cabinetgw.uplink", v)).as("again after a bundle update").isFalse();
    }

    @Test
    void aNewValueRefusedAgainIsNewsAndPidsAreApart() {
        RefusalLog log = new RefusalLog();
        assertThat(log.first("a", RefusalLog.content(props(-5)))).isTrue();
        assertThat(log.first("b", RefusalLog.content(props(-5)))).as("another PID").isTrue();
        assertThat(log.first("a", RefusalLog.content(props(-6)))).as("a new value refused again").isTrue();
        assertThat(log.first("a", "")).as("the configuration deleted, defaults refused").isTrue();
    }

    @Test
    void contentIsTheValuesInKeyOrderWithArraysSpeltOut() {
        Hashtable<String, Object> a = new Hashtable<>();
        a.put("z", new String[] {"x", "y"});
        a.put("a", new int[] {1, 2});
        a.put("m", 3L);
        assertThat(RefusalLog.content(a)).isEqualTo("{a=[1, 2], m=3, z=[x, y]}");
        assertThat(RefusalLog.content(null)).isEmpty();
    }

    private static Hashtable<String, Object> props(int seconds) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.pid", "org.cabinetgw.uplink");
        p.put("failover.seconds", seconds);
        return p;
    }
}
