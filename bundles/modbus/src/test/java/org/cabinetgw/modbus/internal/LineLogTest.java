package org.cabinetgw.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LineLogTest {

    private final List<String> lines = new ArrayList<>();
    private final LineLog log = new LineLog("tcp://meter:502", (warn, text) -> lines.add((warn ? "WARN " : "INFO ") + text));

    private static long s(double seconds) {
        return (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aLineFailingAndRecoveringEveryPollWritesOnePairThenOneSummaryAMinute() {
        long t = s(1000);
        log.tick(t);
        log.reconnected(); // the first connect
        for (int poll = 0; poll < 120; poll++) { // two minutes at 1 Hz, the server dropping every other request
            t += s(1);
            log.tick(t);
            log.failed(t, "tcp://meter:502 unit 1: the connection was closed or broke");
            log.reconnected();
            log.answered(t);
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("WARN Modbus line tcp://meter:502 failed: tcp://meter:502 unit 1: the connection was closed or broke");
        assertThat(lines.get(1)).isEqualTo("INFO Modbus line tcp://meter:502 answers again");
        assertThat(lines.get(2)).startsWith("WARN Modbus line tcp://meter:502 in the last 60 s: 60 reconnects, 0 retries, 59 failed requests")
                .endsWith("; answering now");
        assertThat(lines.get(3)).startsWith("WARN Modbus line tcp://meter:502 in the last 60 s: 60 reconnects");
    }

    @Test
    void retriesThatHideEveryFaultAreSummedUpToo() {
        long t = s(5);
        log.tick(t);
        for (int poll = 0; poll < 61; poll++) {
            t += s(1);
            log.tick(t);
            log.retried();
            log.answered(t);
        }
        assertThat(lines).containsExactly("WARN Modbus line tcp://meter:502 in the last 60 s: 0 reconnects, 59 retries, 0 failed requests; answering now");
    }

    @Test
    void aQuietLineWritesNothingAndOneOutageWritesItsPairOnly() {
        long t = 0;
        log.tick(t);
        log.reconnected();
        for (int poll = 0; poll < 300; poll++) {
            t += s(1);
            log.tick(t);
            if (poll == 100) {
                log.failed(t, "tcp://meter:502 unit 1: no answer within 1000 ms");
            } else if (poll == 110) {
                log.reconnected();
                log.answered(t);
            } else {
                log.answered(t);
            }
        }
        assertThat(lines).containsExactly("WARN Modbus line tcp://meter:502 failed: tcp://meter:502 unit 1: no answer within 1000 ms",
                "INFO Modbus line tcp://meter:502 answers again");
    }

    @Test
    void aLineThatGoesDownAgainAfterAQuietMinuteSaysSoAtOnce() {
        long t = 0;
        log.tick(t);
        log.failed(t, "refused");
        log.answered(t + s(1));
        log.failed(t + s(61.5), "refused again");
        assertThat(lines).containsExactly("WARN Modbus line tcp://meter:502 failed: refused",
                "INFO Modbus line tcp://meter:502 answers again", "WARN Modbus line tcp://meter:502 failed: refused again");
    }
}
