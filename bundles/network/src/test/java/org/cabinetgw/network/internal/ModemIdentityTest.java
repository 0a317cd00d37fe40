package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.cabinetgw.network.ModemIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modem's identity (Kura's BIRTH modem metrics) as the watcher reads it, with a script in place of mmcli
 * printing ModemManager's {@code -K} output for the modem ({@code -m}) and its SIM ({@code -i}), and logging each
 * call.
 */
class ModemIdentityTest {

    @TempDir
    Path dir;

    private CellularWatcher watcher(String modemFixture, String simScript) throws IOException {
        Path modem = Files.writeString(dir.resolve("modem.txt"), MmcliParserTest.fixture(modemFixture));
        Files.writeString(dir.resolve("sim.txt"), MmcliParserTest.fixture("sim-0.txt"));
        Path s = dir.resolve("mmcli");
        Files.writeString(s, "#!/bin/sh\necho \"$@\" >> '" + dir.resolve("calls.log") + "'\n"
                + "case \"$1\" in -m) cat '" + modem + "';; -i) " + simScript + ";; esac\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return new CellularWatcher("cellular", "0", new CommandRunner(List.of(), 5000), s.toString(),
                new ResetBudget(3, 3_600_000), 60_000, System::currentTimeMillis, (topic, props) -> { },
                Optional::empty);
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    @Test
    void imeiIccidImsiRssiAndFirmwareFromTheModemAndItsSimReadOnce() throws IOException {
        CellularWatcher w = watcher("connected-lte-sim.txt", "cat '" + dir.resolve("sim.txt") + "'");
        assertThat(w.identity()).as("before the first poll").isEmpty();
        w.poll();
        w.poll();
        w.poll();
        assertThat(w.identity()).contains(new ModemIdentity("cellular", "866758041234567", "89490200001234567890",
                "262011234567890", -71, "EC25EFAR06A06M4G"));
        assertThat(calls()).filteredOn(c -> c.startsWith("-i")).as("the SIM is read once")
                .containsExactly("-i /org/freedesktop/ModemManager1/SIM/0 -K");
        assertThat(calls()).filteredOn(c -> c.startsWith("-m")).hasSize(3);
    }

    @Test
    void aSwappedSimIsReadAgain() throws IOException {
        CellularWatcher w = watcher("connected-lte-sim.txt", "cat '" + dir.resolve("sim.txt") + "'");
        w.poll();
        Files.writeString(dir.resolve("modem.txt"), MmcliParserTest.fixture("connected-lte-sim.txt")
                .replace("SIM/0", "SIM/1"));
        Files.writeString(dir.resolve("sim.txt"), MmcliParserTest.fixture("sim-0.txt")
                .replace("89490200001234567890", "89490200009999999999"));
        w.poll();
        assertThat(w.identity().orElseThrow().iccid()).isEqualTo("89490200009999999999");
        assertThat(calls()).filteredOn(c -> c.startsWith("-i")).hasSize(2);
    }

    @Test
    void noSimOrAnUnreadableSimLeavesIccidAndImsiUnknownNotTheRest() throws IOException {
        CellularWatcher failing = watcher("connected-lte-sim.txt", "echo 'error: could not find SIM' >&2; exit 1");
        failing.poll();
        assertThat(failing.identity().orElseThrow()).satisfies(i -> {
            assertThat(i.imei()).isEqualTo("866758041234567");
            assertThat(i.iccid()).isEmpty();
            assertThat(i.imsi()).isEmpty();
        });
        CellularWatcher garbage = watcher("connected-lte-sim.txt", "echo 'not a sim'");
        garbage.poll();
        assertThat(garbage.identity().orElseThrow().iccid()).isEmpty();

        // the older fixture names no SIM and no equipment identifier: the 3GPP IMEI, no SIM read
        Files.delete(dir.resolve("calls.log"));
        CellularWatcher noSim = watcher("connected-lte.txt", "exit 1");
        noSim.poll();
        assertThat(noSim.identity().orElseThrow().imei()).isEqualTo("860000000000000");
        assertThat(calls()).noneMatch(c -> c.startsWith("-i"));
    }

    @Test
    void signalQualityIsRssiOnThe3gppScale() {
        assertThat(ModemIdentityReader.rssiDbm(0)).isEqualTo(-113);
        assertThat(ModemIdentityReader.rssiDbm(100)).isEqualTo(-51);
        assertThat(ModemIdentityReader.rssiDbm(50)).isEqualTo(-81); // CSQ 16 (15.5 rounded)
        assertThat(ModemIdentityReader.rssiDbm(-1)).isEqualTo(ModemIdentity.RSSI_UNKNOWN);
        assertThat(ModemIdentityReader.rssiDbm(101)).isEqualTo(ModemIdentity.RSSI_UNKNOWN);
    }
}
