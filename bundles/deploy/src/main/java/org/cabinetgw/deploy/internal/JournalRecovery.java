package org.cabinetgw.deploy.internal;

import static org.cabinetgw.deploy.internal.JobRecorder.millisSince;

import java.io.IOException;
import java.util.List;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.health.HealthState;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At activation: a job the journal shows started and never finished (power cut, killed JVM during the install or
 * the health gate) is finished honestly on the worker, before any new request: the package found installed is
 * health-gated again, and put back to the previous version if it does not come up; when Deployment Admin never
 * completed, the job is recorded FAILED with what runs, and Deployment Admin's record repaired where it is out of
 * step with the framework.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final InstalledPackages packages;
    private final DeploymentAdminRepair repair;
    private final InstallTransaction transaction;
    private final HealthGate gate;
    private final long gateMillis;
    private final JobRecorder recorder;
    private final AgentHealth health;

    JournalRecovery(InstalledPackages packages, DeploymentAdminRepair repair, InstallTransaction transaction,
            HealthGate gate, long gateMillis, JobRecorder recorder, AgentHealth health) {
        this.packages = packages;
        this.repair = repair;
        this.transaction = transaction;
        this.gate = gate;
        this.gateMillis = gateMillis;
        this.recorder = recorder;
        this.health = health;
    }

    /** The last job whose IN_PROGRESS record has no later record: the one a restart interrupted, or null. */
    static JournalRecord interruptedJob(List<JournalRecord> records) {
        JournalRecord open = null;
        for (JournalRecord rec : records) {
            if (rec.result == JobResult.IN_PROGRESS) {
                open = rec;
            } else if (open != null && open.sameJob(rec)) {
                open = null;
            }
        }
        return open;
    }

    /** Queues the recovery of the interrupted job, if there is one, ahead of everything else. */
    void start(JobQueue queue) {
        JournalRecord open;
        try {
            open = interruptedJob(recorder.journal().read());
        } catch (IOException e) {
            LOG.error("Could not read {} to look for an interrupted deployment: {}", recorder.journal().file(), e.getMessage());
            return;
        }
        if (open == null || open.packageName == null || open.version == null || open.jobId == null) {
            return;
        }
        long jobId = open.jobId;
        JobToken token = queue.take("recovery of " + open.packageName + " (job " + jobId + ")");
        queue.run(token, () -> {
            try {
                recover(open, jobId);
            } catch (RuntimeException e) {
                LOG.error("Recovery of job {} failed", jobId, e);
            }
        });
    }

    private void recover(JournalRecord open, long jobId) {
        long t0 = System.nanoTime();
        String name = open.packageName;
        String version = open.version;
        String previousVersion = open.previousVersion;
        DownloadRequest r = new DownloadRequest(null, name, version, jobId, "", true, false);
        CommandRequest origin = new CommandRequest("EXEC", List.of(String.valueOf(open.action)),
                open.requestId == null ? "" : open.requestId, open.requester == null ? "" : open.requester, null);
        JournalRecord rec = JournalRecord.begin(r, origin, "recovery");
        rec.previousVersion = previousVersion;
        DeploymentPackage dp = packages.get(name);
        String found = dp == null ? null : dp.getVersion().toString();
        LOG.warn("Job {} ({} {}, was {}) was interrupted by a restart; {} is installed now: finishing it",
                jobId, name, version, previousVersion == null ? "not installed" : previousVersion,
                found == null ? "no version" : "version " + found);
        if (found == null || !PackageVerifier.sameVersion(found, version)) {
            notCompleted(r, rec, dp, found, previousVersion, t0);
            return;
        }
        // Deployment Admin stops a package's bundles, updates them and starts them again; cut off in
        // between, they stay stopped across the restart. Starting them is what it would have done next.
        for (Bundle b : packages.bundlesOf(dp)) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                    LOG.info("Job {}: started {} {}, left stopped by the interruption", jobId, b.getSymbolicName(), b.getVersion());
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("Job {}: {} does not start: {}", jobId, b.getSymbolicName(), e.getMessage());
                }
            }
        }
        String unhealthy = packages.disagreement(dp);
        long t1 = System.nanoTime();
        try {
            if (unhealthy == null) {
                unhealthy = gate.await(packages.bundlesOf(dp), gateMillis, !open.isSeedJob());
            }
        } catch (InterruptedException e) {
            // The agent is stopping (at start-up, typically because its configuration arrived a moment
            // after it activated): not a verdict on the package. The job stays open for the next activation.
            Thread.currentThread().interrupt();
            LOG.info("Recovery of job {} stopped with the agent; the next activation finishes it", jobId);
            return;
        }
        rec.gateMillis = millisSince(t1);
        if (unhealthy == null) {
            rec.result = JobResult.INSTALLED;
            rec.reason = "interrupted by a restart; found installed and healthy";
            recorder.post(DeployEvents.INSTALLED, InstallTransaction.installedEvent(jobId, name, version, previousVersion, t0));
            LOG.info("Job {} recovered: {} {} is installed and healthy", jobId, name, version);
            recorder.finish(rec, t0);
            return;
        }
        // nobody waits for these notifications any more: the requester's job ended with the restart
        transaction.rollBack(r, rec, Requester.NOBODY, t0, previousVersion, "interrupted by a restart, then " + unhealthy);
    }

    /** Deployment Admin never completed the install: recorded FAILED with what runs, its record repaired if need be. */
    private void notCompleted(DownloadRequest r, JournalRecord rec, DeploymentPackage dp, String found, String previousVersion,
            long t0) {
        String name = r.name();
        long jobId = r.jobId();
        String reason = "interrupted by a restart before Deployment Admin completed the install; "
                + (found == null ? "no version of " + name + " is installed" : "version " + found + " is installed");
        if (dp == null && previousVersion != null && !packages.orphans().isEmpty()) {
            // Deployment Admin lost its record of the package (cut off while writing it), its bundles
            // are still there: install the previous version kept on disk again, over them.
            reason += ", but bundles it had installed are still there: " + packages.orphans();
            String outcome = repair.reinstallOverOrphans(name, previousVersion);
            recorder.fail(rec, r, reason + "; " + outcome, t0);
            if (!outcome.startsWith("version")) {
                health.set(HealthState.DOWN, "job " + jobId + ": " + reason + "; " + outcome);
            }
            return;
        }
        String disagreement = dp == null ? null : packages.disagreement(dp);
        if (disagreement != null) {
            // Deployment Admin had begun updating the bundles when the power went: its record still says
            // `found`, the framework runs some of the new ones. Put back what its record says.
            reason += ", but " + disagreement;
            String repaired = repair.repair(dp, found);
            if (repaired != null) {
                recorder.fail(rec, r, reason + "; could not put " + found + " back: " + repaired, t0);
                health.set(HealthState.DOWN, "job " + jobId + ": " + reason + "; could not put " + found + " back: " + repaired);
                return;
            }
            reason += "; the bundles of " + found + " were put back";
            LOG.warn("Job {}: {}", jobId, reason);
        }
        recorder.fail(rec, r, reason, t0);
    }
}
