package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MdadmDetailParserTest {

    @Test
    void raid5WithSpareAndFaultyMember() throws Exception {
        MdadmDetail d = MdadmDetailParser.parse(Fixtures.text("mdadm/md1-raid5-recovering.txt"));
        assertThat(d.level()).isEqualTo("raid5");
        assertThat(d.devices()).isEqualTo(3);
        assertThat(d.metadata()).isEqualTo("1.2");
        assertThat(d.uuid()).isEqualTo("5c1a9f0e:7d3b2a41:9e8f6c5d:1b2a3c4d");
        assertThat(d.name()).isEqualTo("cabinet-gw:1");
        assertThat(d.state()).isEmpty();
        assertThat(d.failed()).isFalse();
        assertThat(d.roles()).containsEntry("sdb1", "0").containsEntry("sdd1", "2").containsEntry("sde1", "spare")
                .containsEntry("sdf1", "faulty").hasSize(5);
    }

    @Test
    void stateWhenThisMdadmPrintsIt() throws Exception {
        MdadmDetail d = MdadmDetailParser.parse(Fixtures.text("mdadm/md0-raid1-with-state.txt"));
        assertThat(d.state()).isEqualTo("clean, degraded");
        assertThat(d.roles()).containsOnlyKeys("nvme0n1p2");
    }

    @Test
    void hostileInput() {
        assertThatThrownBy(() -> MdadmDetailParser.parse("")).hasMessageContaining("printed nothing");
        assertThatThrownBy(() -> MdadmDetailParser.parse("mdadm: cannot open /dev/md9: No such file or directory"))
                .hasMessageContaining("not KEY=value");
        assertThatThrownBy(() -> MdadmDetailParser.parse("FOO=bar\n")).hasMessageContaining("neither MD_LEVEL");
        assertThatThrownBy(() -> MdadmDetailParser.parse("MD_LEVEL=raid1\nMD_DEVICES=two\n"))
                .hasMessageContaining("MD_DEVICES");
        assertThatThrownBy(() -> MdadmDetailParser.parse("MD_LEVEL=raid1\nMD_DEVICE_dev_sda_ROLE=boss\n"))
                .hasMessageContaining("unknown member role 'boss'");
    }
}
