package org.cabinetgw.sim.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SimulatedArrayTest {

    private static final List<String> NAMES = List.of("sda1", "sdb1", "sdc1", "sdd1", "sde1", "sdf1");

    @Test
    void cleanRaid1InTheKernelsFormat() {
        SimulatedArray a = new SimulatedArray("md0", "raid1", 2, 0, 10, NAMES);
        assertThat(a.render()).isEqualTo("Personalities : [raid1] [raid6] [raid5] [raid4] \n"
                + "md0 : active raid1 sdb1[1] sda1[0]\n"
                + "      1047552 blocks super 1.2 [2/2] [UU]\n"
                + "      bitmap: 0/1 pages [0KB], 65536KB chunk\n"
                + "\n"
                + "unused devices: <none>\n");
    }

    @Test
    void failedMemberReplacedAndRebuiltOverTime() {
        SimulatedArray a = new SimulatedArray("md1", "raid5", 3, 0, 10, NAMES);
        a.fail("sdc1");
        assertThat(a.render()).contains("md1 : active raid5 sdc1[2](F) sdb1[1] sda1[0]\n")
                .contains("level 5, 512k chunk, algorithm 2 [3/2] [UU_]\n").doesNotContain("recovery");
        a.remove("sdc1");
        a.add("sdd1");
        assertThat(a.render()).contains("md1 : active raid5 sdd1[3] sdb1[1] sda1[0]\n")
                .contains("[>....................]  recovery =  0.0% (0/1047552) finish=0.2min speed=104755K/sec\n");
        a.tick(4.5);
        assertThat(a.render()).contains("[=========>...........]  recovery = 45.0% (471398/1047552)");
        a.tick(6);
        assertThat(a.render()).contains("[3/3] [UUU]").doesNotContain("recovery");
    }

    @Test
    void secondFailureDuringRecoveryFailsTheArray() {
        SimulatedArray a = new SimulatedArray("md1", "raid5", 3, 1, 10, NAMES);
        a.fail("sdb1"); // the spare sdd1 takes over at once
        assertThat(a.render()).contains("sdd1[3] sdc1[2] sdb1[1](F) sda1[0]").contains("[3/2] [U_U]")
                .contains("recovery =  0.0%");
        a.tick(3);
        assertThat(a.fail("sda1")).contains("FAILED");
        assertThat(a.render()).contains("sdd1[3](S) sdc1[2] sdb1[1](F) sda1[0](F)").contains("[3/1] [__U]")
                .doesNotContain("recovery");
    }

    @Test
    void healRestoresAndBadCommandsAreRefused() {
        SimulatedArray a = new SimulatedArray("md0", "raid1", 2, 0, 10, NAMES);
        a.fail("sdb1");
        assertThat(a.heal()).isEqualTo("md0 healed");
        assertThat(a.status()).as("healed means whole").isEqualTo("md0 raid1 [2/2] [UU] sda1 sdb1");
        a.fail("sdb1");
        a.remove("sdb1");
        assertThat(a.heal()).isEqualTo("md0 still degraded: 1 slot(s) without a member; add one with 'add DEV'");
        assertThat(a.status()).isEqualTo("md0 raid1 [2/1] [U_] sda1");
        a.add("sdc1");
        a.heal();
        assertThat(a.status()).isEqualTo("md0 raid1 [2/2] [UU] sda1 sdc1");
        assertThatThrownBy(() -> a.fail("sdz1")).hasMessageContaining("not a member");
        assertThatThrownBy(() -> a.remove("sda1")).hasMessageContaining("fail it first");
        assertThatThrownBy(() -> a.add("sda1")).hasMessageContaining("already");
        assertThatThrownBy(() -> new SimulatedArray("md0", "raid0", 2, 0, 1, NAMES)).hasMessageContaining("raid0");
        assertThatThrownBy(() -> new SimulatedArray("md0", "raid5", 2, 0, 1, NAMES)).hasMessageContaining("3..8");
    }
}
