package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalAndStoreTest {

    @TempDir
    Path dir;

    @Test
    void recordsSurviveAReopenAndATornLastLineIsSkipped() throws Exception {
        DeploymentJournal j = new DeploymentJournal(dir);
        j.append(JournalRecord.fromMap(Map.of("job.id", 1, "result", "INSTALLED")));
        j.append(JournalRecord.fromMap(Map.of("job.id", 2, "result", "ROLLED_BACK", "reason", "component x failed \"quoted\"\nnext line")));
        Files.write(j.file(), "{\"job.id\":3,\"res".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        var records = new DeploymentJournal(dir).read();
        assertThat(records).hasSize(2);
        assertThat(records.get(1).reason).isEqualTo("component x failed \"quoted\"\nnext line");
        assertThat(records.get(1).result).isEqualTo(JobResult.ROLLED_BACK);
        assertThat(records.get(1).jobId).isEqualTo(2L);
        assertThat(Files.readAllLines(j.file())).hasSize(3);
    }

    @Test
    void theStoreKeepsWhatItIsToldAndForgetsInterruptedDownloads() throws Exception {
        PackageStore s = new PackageStore(dir);
        for (String v : new String[] { "1.0.0", "2.0.0", "3.0.0" }) {
            Path part = Files.writeString(s.downloadFile(7), v);
            s.keep(part, "a.b", v);
        }
        s.prune("a.b", "3.0.0", "2.0.0");
        assertThat(s.find("a.b", "1.0.0")).isEmpty();
        assertThat(s.find("a.b", "2.0.0")).isPresent();
        assertThat(Files.readString(s.find("a.b", "3.0.0").orElseThrow())).isEqualTo("3.0.0");

        Files.writeString(s.downloadFile(8), "half");
        new PackageStore(dir);
        assertThat(s.downloadFile(8)).doesNotExist();
        s.prune("a.b");
        assertThat(s.find("a.b", "3.0.0")).isEmpty();
    }
}
