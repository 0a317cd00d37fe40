package org.cabinetgw.kura.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Dictionary;

import org.junit.jupiter.api.Test;

class KuraListingTest {

    @Test
    void aSingletonIsListedUnderItsPidForBothNames() {
        Dictionary<String, Object> p = KuraListing.singleton("org.cabinetgw.storage.raid").serviceProperties("bridge");
        assertThat(p.get("service.pid")).isEqualTo("org.cabinetgw.storage.raid");
        assertThat(p.get("kura.service.pid")).isEqualTo("org.cabinetgw.storage.raid");
        assertThat(p.get("service.factoryPid")).isNull();
        assertThat(p.get(KuraListing.LISTED_BY)).isEqualTo("bridge");
    }

    @Test
    void aFactoryConfigurationKeepsTheNameKuraGaveIt() {
        KuraListing l = KuraListing.factoryInstance("org.cabinetgw.storage.disk.1234", "org.cabinetgw.storage.disk", "disk-a");
        assertThat(l.kuraPid()).isEqualTo("disk-a");
        Dictionary<String, Object> p = l.serviceProperties("bridge");
        assertThat(p.get("service.pid")).isEqualTo("org.cabinetgw.storage.disk.1234");
        assertThat(p.get("service.factoryPid")).isEqualTo("org.cabinetgw.storage.disk");
        assertThat(p.get("kura.service.pid")).isEqualTo("disk-a");
    }

    @Test
    void aFactoryConfigurationMadeElsewhereIsNamedByItsOwnPid() {
        assertThat(KuraListing.factoryInstance("org.cabinetgw.failover.rule~deadlock", "org.cabinetgw.failover.rule", null)
                .kuraPid()).isEqualTo("org.cabinetgw.failover.rule~deadlock");
    }

    @Test
    void aKuraServicePidThatIsNotAUsableStringIsIgnored() {
        String pid = "org.cabinetgw.storage.disk~a";
        assertThat(KuraListing.factoryInstance(pid, "f", "").kuraPid()).isEqualTo(pid);
        assertThat(KuraListing.factoryInstance(pid, "f", "   ").kuraPid()).isEqualTo(pid);
        assertThat(KuraListing.factoryInstance(pid, "f", new String[] {"x", "y"}).kuraPid()).isEqualTo(pid);
        assertThat(KuraListing.factoryInstance(pid, "f", 42).kuraPid()).isEqualTo(pid);
        assertThat(KuraListing.factoryInstance(pid, "f", " named ").kuraPid()).isEqualTo("named");
    }

    @Test
    void listingsAreEqualOnlyWhenKuraWouldSeeTheSameService() {
        assertThat(KuraListing.factoryInstance("p", "f", null)).isEqualTo(KuraListing.factoryInstance("p", "f", "p"));
        assertThat(KuraListing.factoryInstance("p", "f", null)).isNotEqualTo(KuraListing.factoryInstance("p", "f", "q"));
    }

    @Test
    void missingNamesAreRefused() {
        assertThatNullPointerException().isThrownBy(() -> KuraListing.singleton(null));
        assertThatNullPointerException().isThrownBy(() -> KuraListing.factoryInstance("p", null, null));
    }
}
