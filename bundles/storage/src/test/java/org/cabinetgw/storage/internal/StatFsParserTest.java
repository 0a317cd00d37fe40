package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatFsParserTest {

    @Test
    void freePercentMatchesDf() throws Exception {
        // 1000 blocks, 300 free of which 250 available to users: used 700, df Use% = 700/950 = 74 %
        FsUsage u = StatFsParser.parse("4096 1000 300 250 64000 16000\n");
        assertThat(u.freePercent()).isCloseTo(100.0 * 250 / 950, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(u.freeInodesPercent()).isEqualTo(25.0);
        assertThat(u.availableBytes()).isEqualTo(250 * 4096L);
    }

    @Test
    void filesystemWithoutInodeTable() throws Exception {
        assertThat(StatFsParser.parse("4096 1000 500 500 0 0").freeInodesPercent()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "stat: cannot read file system information for '/x': No such file or directory",
            "4096 1000 300 250 64000", "4096 1000 300 250 64000 16000 7", "4096 a 300 250 64000 16000",
            "0 1000 300 250 64000 16000", "4096 1000 3000 250 64000 16000", "4096 1000 300 250 64000 99999",
            "4096 -1 300 250 64000 16000", "4096 99999999999999999999 1 1 1 1" })
    void hostileInput(String text) {
        assertThatThrownBy(() -> StatFsParser.parse(text)).isInstanceOf(SourceFormatException.class)
                .hasMessageStartingWith("stat -f");
    }
}
