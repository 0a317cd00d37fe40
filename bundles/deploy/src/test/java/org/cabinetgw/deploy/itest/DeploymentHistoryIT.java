package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.deploy.DeploymentRecord;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The deploy bundle offers its journal as the api's DeploymentHistory: what the journal file under the data
 * directory holds, read through the service (as the dashboard reads it), newest first.
 */
class DeploymentHistoryIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    DeploymentHistory history;

    @Test
    void theJournalOnDiskIsTheHistoryNewestFirst() throws Exception {
        Path journal = Path.of(context.getProperty("cabinetgw.data.dir"), "deploy", "journal.jsonl");
        String name = "org.example.history-it-" + System.nanoTime();
        String now = Instant.now().toString();
        // a job that ended (no IN_PROGRESS left open: the agent's recovery has nothing to do with it)
        Files.writeString(journal, "{\"time\":\"" + now + "\",\"job.id\":4242,\"action\":\"install\",\"requester\":\"it\","
                + "\"package\":\"" + name + "\",\"version\":\"2.0.0\",\"previous.version\":\"1.0.0\",\"result\":\"ROLLED_BACK\","
                + "\"reason\":\"did not come up\",\"total.ms\":3100}\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        List<DeploymentRecord> recent = history.recent(5);
        assertThat(recent).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        DeploymentRecord newest = recent.get(0);
        assertThat(newest.packageName()).isEqualTo(name);
        assertThat(newest.result()).isEqualTo("ROLLED_BACK");
        assertThat(newest.previousVersion()).isEqualTo("1.0.0");
        assertThat(newest.requester()).isEqualTo("it");
        assertThat(newest.time()).isEqualTo(Instant.parse(now));
        assertThat(newest.totalMillis()).isEqualTo(3100);
    }
}
