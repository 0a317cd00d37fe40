package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** mmcli -K output, from fixtures written after ModemManager's documented key-value format. */
class MmcliParserTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = MmcliParserTest.class.getResourceAsStream("/mmcli/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void connectedLteModem() throws IOException {
        ModemStatus s = MmcliParser.parse(fixture("connected-lte.txt"));
        assertThat(s.state()).isEqualTo("connected");
        assertThat(s.connected()).isTrue();
        assertThat(s.accessTechnologies()).containsExactly("lte");
        assertThat(s.signalQuality()).isEqualTo(67);
        assertThat(s.registration()).isEqualTo("home");
        assertThat(s.operatorName()).isEqualTo("Telekom.de");
        assertThat(s.operatorCode()).isEqualTo("26201");
        assertThat(s.bearers()).containsExactly("/org/freedesktop/ModemManager1/Bearer/0");
    }

    @Test
    void searchingModemWithEmptyValues() throws IOException {
        ModemStatus s = MmcliParser.parse(fixture("searching-no-bearer.txt"));
        assertThat(s.state()).isEqualTo("searching");
        assertThat(s.connected()).isFalse();
        assertThat(s.accessTechnologies()).isEmpty();
        assertThat(s.signalQuality()).isZero();
        assertThat(s.operatorName()).isEmpty();
        assertThat(s.bearers()).isEmpty();
    }

    @Test
    void olderMmcliWithCommaSeparatedLists() throws IOException {
        ModemStatus s = MmcliParser.parse(fixture("old-format-umts.txt"));
        assertThat(s.accessTechnologies()).containsExactly("umts", "hsdpa");
        assertThat(s.bearers()).containsExactly("/org/freedesktop/ModemManager1/Bearer/4");
        assertThat(s.registration()).isEqualTo("roaming");
    }

    @Test
    void missingFieldsStayUnknown() throws IOException {
        ModemStatus s = MmcliParser.parse(fixture("missing-fields.txt"));
        assertThat(s.state()).isEmpty();
        assertThat(s.signalQuality()).isEqualTo(-1);
        assertThat(s.registration()).isEmpty();
        assertThat(s.bearers()).isEmpty();
    }

    @Test
    void somethingThatIsNotAModemIsRefused() throws IOException {
        assertThatThrownBy(() -> MmcliParser.parse(fixture("error.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no modem.* keys")
                .hasMessageContaining("couldn't find modem");
        assertThatThrownBy(() -> MmcliParser.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmcliParser.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostileValuesAreBoundedAndSanitised() {
        String out = "modem.generic.state : CONNECTED\n"
                + "modem.generic.signal-quality.value : 9999\n"
                + "modem.generic.access-technologies.value[x] : lte\n"
                + "modem.generic.access-technologies.value[2] : 5gnr\n"
                + "modem.3gpp.operator-name : " + "A".repeat(500) + "\u0000\u001b[31m\n"
                + "no colon here\n : value without key\n";
        ModemStatus s = MmcliParser.parse(out);
        assertThat(s.state()).isEqualTo("connected");
        assertThat(s.signalQuality()).isEqualTo(-1);
        assertThat(s.accessTechnologies()).containsExactly("5gnr");
        assertThat(s.operatorName()).hasSize(128).doesNotContain("\u0000");
        StringBuilder huge = new StringBuilder("modem.generic.state : connected\n");
        for (int i = 0; i < 100_000; i++) {
            huge.append("modem.x").append(i).append(" : y\n");
        }
        assertThat(MmcliParser.parse(huge.toString()).state()).isEqualTo("connected");
    }
}
