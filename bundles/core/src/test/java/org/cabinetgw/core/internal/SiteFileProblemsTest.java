package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SiteFileProblemsTest {

    @Test
    void problemsAreGroupedByPidEachNamingItsKey() {
        assertThat(SiteFileProblems.byPid(new String[] {
                "org.cabinetgw.uplink.mqtt clientid: no such setting; did you mean \"client.id\"?",
                "org.cabinetgw.uplink.mqtt qos: 5 is out of range; allowed 0..2",
                "org.cabinetgw.uplink.mqt: no feature of this gateway has the settings \"org.cabinetgw.uplink.mqt\"" }))
                .containsExactly(
                        java.util.Map.entry("org.cabinetgw.uplink.mqtt", List.of(
                                "clientid: no such setting; did you mean \"client.id\"?",
                                "qos: 5 is out of range; allowed 0..2")),
                        java.util.Map.entry("org.cabinetgw.uplink.mqt", List.of(
                                "no feature of this gateway has the settings \"org.cabinetgw.uplink.mqt\"")));
        assertThat(SiteFileProblems.byPid(null)).isEmpty();
        assertThat(SiteFileProblems.byPid(42)).isEmpty();
    }
}
