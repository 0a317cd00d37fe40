package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmartctlParserTest {

    @Test
    void healthySata() throws Exception {
        SmartReport r = SmartctlParser.parse(Fixtures.text("smart/sata-healthy.json"));
        assertThat(r).isEqualTo(new SmartReport("/dev/sda", "ATA", true, 0L, 0L, 37, null, null, null, 0,
                "Samsung SSD 860 EVO 500GB", "S3Z1NB0K123456A"));
    }

    @Test
    void failingSataWithTemperatureOnlyInAttribute190() throws Exception {
        SmartReport r = SmartctlParser.parse(Fixtures.text("smart/sata-failing.json"));
        assertThat(r.passed()).isFalse();
        assertThat(r.reallocatedSectors()).isEqualTo(3912);
        assertThat(r.pendingSectors()).isEqualTo(48);
        assertThat(r.temperatureCelsius()).isEqualTo(62);
        assertThat(r.exitStatus()).isEqualTo(24);
    }

    @Test
    void ssdWearFromNormalisedAttribute() throws Exception {
        SmartReport r = SmartctlParser.parse(Fixtures.text("smart/ssd-wear.json"));
        assertThat(r.percentageUsed()).isEqualTo(93);
        assertThat(r.temperatureCelsius()).isEqualTo(35);
    }

    @Test
    void healthyNvme() throws Exception {
        SmartReport r = SmartctlParser.parse(Fixtures.text("smart/nvme-healthy.json"));
        assertThat(r).isEqualTo(new SmartReport("/dev/nvme0", "NVMe", true, null, null, 41, 3, 0L, 0, 0, "", ""));
    }

    @Test
    void wornNvmeWithCriticalWarning() throws Exception {
        SmartReport r = SmartctlParser.parse(Fixtures.text("smart/nvme-worn-critical.json"));
        assertThat(r.passed()).isFalse();
        assertThat(r.percentageUsed()).isEqualTo(104);
        assertThat(r.mediaErrors()).isEqualTo(17);
        assertThat(r.criticalWarning()).isEqualTo(4);
        assertThat(r.temperatureCelsius()).isEqualTo(74);
    }

    @Test
    void whatTheDriveSaysAboutItselfIsKeptAsTextCutAndNeverARefusal() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>";
        SmartReport r = SmartctlParser.parse("{\"json_format_version\":[1,0],\"smartctl\":{\"exit_status\":0},"
                + "\"model_name\":\" " + hostile + " \",\"serial_number\":\"" + "9".repeat(300) + "\"}");
        assertThat(r.model()).isEqualTo(hostile);
        assertThat(r.serial()).hasSize(100);
        // not a string (a drive's firmware writes anything): absent, the rest of the report still read
        r = SmartctlParser.parse("{\"json_format_version\":[1,0],\"smartctl\":{\"exit_status\":0},"
                + "\"model_name\":{\"x\":1},\"serial_number\":[1],\"temperature\":{\"current\":30}}");
        assertThat(r.model()).isEmpty();
        assertThat(r.serial()).isEmpty();
        assertThat(r.temperatureCelsius()).isEqualTo(30);
    }

    @Test
    void deviceThatCannotBeOpenedGivesSmartctlsMessage() {
        assertThatThrownBy(() -> SmartctlParser.parse(Fixtures.text("smart/open-failed.json")))
                .isInstanceOf(SourceFormatException.class)
                .hasMessage("smartctl could not read the device: /dev/sdz: No such device (exit status 2)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  ", "hello", "[1,2,3]", "{\"a\":1}", "{", "{\"json_format_version\":[1,0]}",
            "{\"json_format_version\":[1,0],\"smartctl\":{\"exit_status\":\"x\"}}",
            "{\"json_format_version\":[1,0],\"smartctl\":{},\"temperature\":\"hot\"}",
            "{\"json_format_version\":[1,0],\"smartctl\":{},\"ata_smart_attributes\":{\"table\":[{\"id\":5,\"raw\":{\"value\":\"many\"}}]}}",
            "{\"json_format_version\":[1,0],\"smartctl\":{},\"ata_smart_attributes\":{\"table\":[7]}}",
            "{\"json_format_version\":[1,0],\"smartctl\":{},\"device\":[]}" })
    void garbageIsRefusedWithASentence(String json) {
        assertThatThrownBy(() -> SmartctlParser.parse(json)).isInstanceOf(SourceFormatException.class)
                .hasMessageStartingWith("smartctl");
    }

    @Test
    void truncatedJsonIsRefused() {
        String full = Fixtures.text("smart/nvme-healthy.json");
        for (int cut = 1; cut < full.length() - 2; cut += 7) {
            String part = full.substring(0, cut);
            assertThatThrownBy(() -> SmartctlParser.parse(part)).as("cut at %d", cut)
                    .isInstanceOf(SourceFormatException.class);
        }
    }
}
