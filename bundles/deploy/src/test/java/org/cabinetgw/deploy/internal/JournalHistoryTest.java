package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.cabinetgw.deploy.DeploymentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal as the api's DeploymentHistory, read from a real journal file, hostile and torn lines included. */
class JournalHistoryTest {

    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    private static String line(String json) {
        return json + "\n";
    }

    @Test
    void oneRecordPerJobItsLastLineNewestJobFirst() throws Exception {
        DeploymentJournal journal = new DeploymentJournal(dir);
        Files.writeString(journal.file(),
                line("{\"time\":\"2026-01-01T10:00:00Z\",\"job.id\":1,\"action\":\"install\",\"requester\":\"seed\","
                        + "\"package\":\"org.cabinetgw.dp.power\",\"version\":\"0.1.0\",\"result\":\"IN_PROGRESS\"}")
                + line("{\"time\":\"2026-01-01T10:00:00Z\",\"job.id\":1,\"action\":\"install\",\"requester\":\"seed\","
                        + "\"package\":\"org.cabinetgw.dp.power\",\"version\":\"0.1.0\",\"result\":\"INSTALLED\",\"total.ms\":900}")
                + line("{\"time\":\"2026-01-02T11:00:00Z\",\"job.id\":7,\"action\":\"install\",\"requester\":\"cloud-1\","
                        + "\"package\":\"" + HOSTILE.replace("<", "\\u003c") + "\",\"version\":\"1.1.0\",\"previous.version\":\"1.0.0\","
                        + "\"result\":\"ROLLED_BACK\",\"reason\":\"did not come up\",\"total.ms\":41000}")
                // the same job id for another package is another job
                + line("{\"time\":\"not a time\",\"job.id\":7,\"package\":\"other\",\"result\":\"FAILED\",\"total.ms\":\"x\"}")
                + line("{\"job.id\":8,\"package\":\"open\",\"result\":\"IN_PROGRESS\"}")
                + "{\"job.id\":9,\"res", StandardCharsets.UTF_8); // torn by a power cut

        JournalHistory history = new JournalHistory(journal);
        List<DeploymentRecord> all = history.recent(100);
        assertThat(all).extracting(DeploymentRecord::packageName).containsExactly("open", "other", HOSTILE,
                "org.cabinetgw.dp.power");
        DeploymentRecord seed = all.get(3);
        assertThat(seed.result()).isEqualTo("INSTALLED");
        assertThat(seed.requester()).isEqualTo("seed");
        assertThat(seed.time()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(seed.totalMillis()).isEqualTo(900);
        assertThat(seed.previousVersion()).isEmpty();
        DeploymentRecord rollback = all.get(2);
        assertThat(rollback.result()).isEqualTo("ROLLED_BACK");
        assertThat(rollback.previousVersion()).isEqualTo("1.0.0");
        assertThat(rollback.jobId()).isEqualTo(7);
        DeploymentRecord foreign = all.get(1);
        assertThat(foreign.time()).as("an unreadable time").isNull();
        assertThat(foreign.totalMillis()).as("a duration that is no number").isEqualTo(-1);
        assertThat(all.get(0).result()).isEqualTo(DeploymentRecord.IN_PROGRESS);

        assertThat(history.recent(2)).hasSize(2).first().extracting(DeploymentRecord::packageName).isEqualTo("open");
        assertThat(history.recent(0)).isEmpty();
        assertThat(history.recent(-5)).isEmpty();
    }

    @Test
    void aJobThatEndsAfterItWasReadIsSeenEndedAndAMissingJournalIsEmpty() throws Exception {
        DeploymentJournal journal = new DeploymentJournal(dir);
        JournalHistory history = new JournalHistory(journal);
        assertThat(history.recent(10)).isEmpty();

        JournalRecord rec = JournalRecord.fromMap(java.util.Map.of("time", "2026-01-03T00:00:00Z", "job.id", 5,
                "package", "p", "version", "2.0.0", "requester", "cloud-1"));
        journal.append(rec.inProgressMark());
        assertThat(history.recent(10)).singleElement().extracting(DeploymentRecord::result).isEqualTo("IN_PROGRESS");
        rec.result = JobResult.INSTALLED;
        rec.totalMillis = 1234L;
        journal.append(rec);
        DeploymentRecord ended = history.recent(10).get(0);
        assertThat(ended.result()).isEqualTo("INSTALLED");
        assertThat(ended.totalMillis()).isEqualTo(1234);
        assertThat(history.recent(10)).hasSize(1);
    }
}
