package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.junit.jupiter.api.Test;

/** The Gogo commands read as sentences: usage without an argument, the outcome said once. */
class FailoverCommandTest {

    @Test
    void aDrillWithoutItsArgumentAnswersWithTheUsage() throws Exception {
        FailoverCommand command = new FailoverCommand();
        assertThat(command.drill()).startsWith("usage: failover:drill link|uplink");
        assertThat(command.drill("disk")).startsWith("usage: failover:drill link|uplink");
    }

    @Test
    void aRefusedDrillSaysRefusedOnce() {
        DrillResult r = new DrillResult(DrillKind.LINK, DrillResult.Outcome.REFUSED,
                "the cabinet is DEGRADED (webcam DEGRADED: low frame rate)", Instant.now(), -1, -1, 1000, 1000);
        assertThat(FailoverCommand.line(r))
                .isEqualTo("drill LINK REFUSED: the cabinet is DEGRADED (webcam DEGRADED: low frame rate)\n");
    }
}
