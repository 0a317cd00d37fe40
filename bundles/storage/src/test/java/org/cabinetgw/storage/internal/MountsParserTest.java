package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class MountsParserTest {

    private static List<MountEntry> mounts() throws Exception {
        return MountsParser.parse(Fixtures.text("mounts/cabinet.txt"));
    }

    @Test
    void readsEveryLineAndTheReadOnlyFlag() throws Exception {
        List<MountEntry> m = mounts();
        assertThat(m).hasSize(11);
        MountEntry root = MountsParser.find(m, "/").orElseThrow();
        assertThat(root.source()).isEqualTo("/dev/md1");
        assertThat(root.fsType()).isEqualTo("ext4");
        assertThat(root.readOnly()).isFalse();
        assertThat(MountsParser.find(m, "/var/lib/cabinetgw").orElseThrow().readOnly()).isTrue();
        assertThat(MountsParser.find(m, "/nowhere")).isEmpty();
    }

    @Test
    void escapedSpaceInMountPoint() throws Exception {
        assertThat(MountsParser.find(mounts(), "/media/usb stick")).isPresent();
    }

    @Test
    void theLastMountOnAPointIsTheVisibleOne() throws Exception {
        MountEntry data = MountsParser.find(mounts(), "/srv/data").orElseThrow();
        assertThat(data.fsType()).isEqualTo("tmpfs");
        assertThat(data.readOnly()).isTrue();
    }

    @Test
    void optionThatMerelyContainsRoIsNotReadOnly() throws Exception {
        assertThat(MountsParser.parse("/dev/sda1 / ext4 rw,errors=remount-ro 0 0\n").get(0).readOnly()).isFalse();
    }

    @Test
    void hostileInput() {
        assertThatThrownBy(() -> MountsParser.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> MountsParser.parse("garbage\n")).hasMessageContaining("1 fields");
        assertThatThrownBy(() -> MountsParser.parse("a relative ext4 rw 0 0\n")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> MountsParser.parse("a /x\\04 ext4 rw 0 0\n")).hasMessageContaining("escape");
        assertThatThrownBy(() -> MountsParser.parse("a /x\\999 ext4 rw 0 0\n")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> MountsParser.parse("a / b c d e f g h\n")).hasMessageContaining("9 fields");
    }
}
