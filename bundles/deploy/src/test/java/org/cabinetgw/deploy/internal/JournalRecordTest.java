package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cabinetgw.deploy.CommandRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecordTest {

    @TempDir
    Path dir;

    private static JournalRecord download() {
        DownloadRequest r = new DownloadRequest(URI.create("https://h/p.dp"), "a.b", "2.0.0", 42, "ab".repeat(32), true, false);
        JournalRecord rec = JournalRecord.begin(r, new CommandRequest("EXEC", List.of("download"), "req-1", "cloud", null), "download");
        rec.uri = r.uri().toString();
        rec.size = 1234L;
        rec.previousVersion = "1.0.0";
        return rec;
    }

    @Test
    void aRecordSurvivesTheJournalWithItsTypes() throws Exception {
        JournalRecord rec = download();
        rec.result = JobResult.ROLLED_BACK;
        rec.reason = "component x failed";
        DeploymentJournal journal = new DeploymentJournal(dir);
        journal.append(rec);
        JournalRecord back = journal.read().get(0);
        assertThat(back.jobId).isEqualTo(42L);
        assertThat(back.size).isEqualTo(1234L);
        assertThat(back.result).isEqualTo(JobResult.ROLLED_BACK);
        assertThat(back.toMap()).isEqualTo(rec.toMap());
        assertThat(back.toMap()).containsEntry("job.id", 42L).containsEntry("package", "a.b")
                .containsEntry("previous.version", "1.0.0").containsEntry("result", "ROLLED_BACK").doesNotContainKey("signer");
    }

    @Test
    void theInProgressMarkIsACopy() {
        JournalRecord rec = download();
        JournalRecord mark = rec.inProgressMark();
        assertThat(mark.result).isEqualTo(JobResult.IN_PROGRESS);
        assertThat(rec.result).isNull();
        assertThat(mark.sameJob(rec)).isTrue();
    }

    @Test
    void foreignValuesAreNotTrusted() {
        JournalRecord rec = JournalRecord.fromMap(Map.of("job.id", "6", "result", "PWNED", "package", 7, "size", 1.5));
        assertThat(rec.jobId).as("a job id that is not a number").isNull();
        assertThat(rec.result).isNull();
        assertThat(rec.packageName).isNull();
        assertThat(rec.size).isEqualTo(1L);
        assertThat(rec.sameJob(rec)).as("without a job id a line closes nothing").isFalse();
    }

    @Test
    void aSeedJobIsOneTheSeedRequesterAskedFor() {
        JournalRecord rec = JournalRecord.fromMap(Map.of("requester", SeedList.REQUESTER));
        assertThat(rec.isSeedJob()).isTrue();
        assertThat(download().isSeedJob()).isFalse();
    }
}
