package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which job a restart interrupted, read from a real journal file, torn lines included. */
class InterruptedJobTest {

    @TempDir
    Path dir;

    private Map<String, Object> interrupted(String... lines) throws Exception {
        DeploymentJournal journal = new DeploymentJournal(dir);
        Files.writeString(journal.file(), String.join("\n", lines) + "\n");
        JournalRecord open = JournalRecovery.interruptedJob(journal.read());
        return open == null ? null : open.toMap();
    }

    private static String rec(long job, String result) {
        return "{\"job.id\":" + job + ",\"action\":\"download\",\"package\":\"p\",\"version\":\"2.0.0\",\"result\":\"" + result + "\"}";
    }

    @Test
    void aJobWithoutItsFinalRecordIsInterrupted() throws Exception {
        Map<String, Object> open = interrupted(rec(1, "IN_PROGRESS"), rec(1, "INSTALLED"), rec(2, "IN_PROGRESS"));
        assertThat(open).containsEntry("result", "IN_PROGRESS").containsEntry("package", "p");
        assertThat(((Number) open.get("job.id")).longValue()).isEqualTo(2);
    }

    @Test
    void finishedJobsRefusalsAndAnEmptyJournalLeaveNothingOpen() throws Exception {
        assertThat(interrupted(rec(1, "IN_PROGRESS"), rec(1, "ROLLED_BACK"), rec(2, "FAILED"))).isNull();
        assertThat(interrupted("")).isNull();
        // the recovery's own record closes the job: a second restart does nothing
        assertThat(interrupted(rec(3, "IN_PROGRESS"), "{\"job.id\":3,\"action\":\"recovery\",\"package\":\"p\",\"result\":\"INSTALLED\"}"))
                .isNull();
    }

    @Test
    void aTornLastLineIsSkippedAndTheOpenJobBeforeItFound() throws Exception {
        Map<String, Object> open = interrupted(rec(4, "IN_PROGRESS"), "{\"job.id\":4,\"action\":\"downl");
        assertThat(((Number) open.get("job.id")).longValue()).isEqualTo(4);
    }

    @Test
    void theSameJobIdOfAnotherPackageDoesNotCloseIt() throws Exception {
        Map<String, Object> open = interrupted(rec(5, "IN_PROGRESS"),
                "{\"job.id\":5,\"action\":\"download\",\"package\":\"other\",\"result\":\"FAILED\"}");
        assertThat(open).isNotNull();
        assertThat(interrupted(rec(6, "IN_PROGRESS"), "{\"job.id\":\"6\",\"package\":\"p\",\"result\":\"FAILED\"}"))
                .as("a job id that is not a number closes nothing").isNotNull();
    }
}
