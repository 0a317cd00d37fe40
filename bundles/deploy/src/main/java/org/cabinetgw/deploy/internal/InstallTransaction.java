package org.cabinetgw.deploy.internal;

import static org.cabinetgw.deploy.internal.JobRecorder.millisSince;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.health.HealthState;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verified package installed as one transaction: install through Deployment Admin (no restart), health gate,
 * then commit (older files pruned, INSTALLED) or roll back to the previous version kept on disk (or remove a
 * first install), which must come up in its turn. The journal is marked IN_PROGRESS first, so a power cut in
 * between is finished by {@link JournalRecovery}.
 */
final class InstallTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(InstallTransaction.class);

    private final InstalledPackages packages;
    private final PackageStore store;
    private final HealthGate gate;
    private final long gateMillis;
    private final JobRecorder recorder;
    private final AgentHealth health;
    private final JobQueue queue;

    InstallTransaction(InstalledPackages packages, PackageStore store, HealthGate gate, long gateMillis,
            JobRecorder recorder, AgentHealth health, JobQueue queue) {
        this.packages = packages;
        this.store = store;
        this.gate = gate;
        this.gateMillis = gateMillis;
        this.recorder = recorder;
        this.health = health;
        this.queue = queue;
    }

    void install(Path file, DownloadRequest r, JournalRecord rec, Requester requester, long t0) {
        DeploymentPackage previous = packages.get(r.name());
        String previousVersion = previous == null ? null : previous.getVersion().toString();
        rec.previousVersion = previousVersion;
        recorder.progress().installing(r);
        recorder.markInProgress(rec);
        requester.notify("install", installNote(r, "IN_PROGRESS", null));
        long t1 = System.nanoTime();
        DeploymentPackage installed;
        try {
            installed = packages.install(file);
        } catch (DeploymentException e) {
            // Deployment Admin installs a package as a whole or not at all: nothing changed.
            String reason = "Deployment Admin refused the package (code " + e.getCode() + "): " + e.getMessage();
            recorder.fail(rec, r, reason, t0);
            recorder.end(requester, "install", installNote(r, "FAILED", reason));
            return;
        } catch (IOException e) {
            String reason = "cannot read " + file + ": " + e.getMessage();
            recorder.fail(rec, r, reason, t0);
            recorder.end(requester, "install", installNote(r, "FAILED", reason));
            return;
        }
        rec.installMillis = millisSince(t1);
        long t2 = System.nanoTime();
        String unhealthy;
        try {
            unhealthy = packages.disagreement(installed);
            if (unhealthy == null) {
                // a shipped package must run; its health may depend on the world outside (see HealthGate)
                unhealthy = gate.await(packages.bundlesOf(installed), gateMillis, !rec.isSeedJob());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (rec.isSeedJob()) {
                // Not a verdict on the package (it may not even have been started: Deployment Admin's start of
                // it was cut off). The job stays open; the next activation's recovery starts it and gates it.
                LOG.info("Shipped package {} {}: the agent stopped during its health gate; the next activation finishes it",
                        r.name(), r.version());
                queue.free();
                return;
            }
            unhealthy = "the agent stopped during the health gate";
        }
        rec.gateMillis = millisSince(t2);
        if (unhealthy == null) {
            commit(r, rec, requester, t0, previousVersion);
            return;
        }
        if (rec.isSeedJob() && previousVersion == null) {
            // A seed at first boot has nothing to roll back to: removing it would leave the cabinet without
            // the capability and try again at every start. It stays installed, its own health says what is
            // wrong, and the agent reports it DEGRADED; the next start sees it installed and does nothing.
            String reason = "shipped package " + r.name() + " " + r.version() + " installed but not healthy: " + unhealthy
                    + "; kept (nothing to roll back to)";
            LOG.error("{}", reason);
            recorder.fail(rec, r, reason, t0);
            health.set(HealthState.DEGRADED, reason);
            recorder.end(requester, "install", installNote(r, "FAILED", reason));
            return;
        }
        rollBack(r, rec, requester, t0, previousVersion, unhealthy);
    }

    private void commit(DownloadRequest r, JournalRecord rec, Requester requester, long t0, String previousVersion) {
        try {
            store.prune(r.name(), r.version(), previousVersion);
        } catch (IOException e) {
            LOG.warn("Could not delete old packages of {}: {}", r.name(), e.getMessage());
        }
        rec.result = JobResult.INSTALLED;
        rec.totalMillis = millisSince(t0);
        recorder.post(DeployEvents.INSTALLED, installedEvent(r.jobId(), r.name(), r.version(), previousVersion, t0));
        if (!rec.isSeedJob()) {
            health.set(HealthState.UP, ""); // a seed: the seed loop says when all are done
        }
        LOG.info("Installed {} {} (job {}, was {}) in {} ms", r.name(), r.version(), r.jobId(),
                previousVersion == null ? "not installed" : previousVersion, millisSince(t0));
        recorder.finish(rec, t0);
        recorder.end(requester, "install", installNote(r, "COMPLETED", null));
    }

    void rollBack(DownloadRequest r, JournalRecord rec, Requester requester, long t0, String previousVersion,
            String unhealthy) {
        LOG.warn("{} {} (job {}) did not come up: {}; rolling back", r.name(), r.version(), r.jobId(), unhealthy);
        String outcome;
        HealthState state;
        try {
            if (previousVersion == null) {
                DeploymentPackage now = packages.get(r.name());
                if (now != null) {
                    now.uninstall();
                }
                outcome = "removed again (there was no previous version)";
                state = HealthState.DEGRADED;
            } else {
                DeploymentPackage back = reinstall(r, previousVersion);
                // The previous version must come up again too: a rollback is only reported done when it is.
                String stillUnhealthy;
                try {
                    stillUnhealthy = gate.await(packages.bundlesOf(back), gateMillis, !rec.isSeedJob());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stillUnhealthy = null;
                }
                if (stillUnhealthy == null) {
                    outcome = "version " + previousVersion + " reinstalled";
                    state = HealthState.DEGRADED;
                } else {
                    outcome = "version " + previousVersion + " reinstalled, but it did not come up either: " + stillUnhealthy;
                    state = HealthState.DOWN;
                }
            }
        } catch (DeploymentException | IOException e) {
            outcome = "ROLLBACK FAILED: " + e.getMessage();
            state = HealthState.DOWN;
        }
        String reason = unhealthy + "; " + outcome;
        rec.result = state == HealthState.DOWN ? JobResult.ROLLBACK_FAILED : JobResult.ROLLED_BACK;
        rec.reason = reason;
        rec.totalMillis = millisSince(t0);
        recorder.post(DeployEvents.ROLLED_BACK, Json.object(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.PREVIOUS_VERSION, previousVersion == null ? "" : previousVersion,
                DeployEvents.REASON, reason));
        health.set(state, "deployment of " + r.name() + " " + r.version() + " (job " + r.jobId() + ") rolled back: " + reason);
        recorder.finish(rec, t0);
        recorder.end(requester, "install", installNote(r, "FAILED", reason));
    }

    /** The previous version from disk, in step with the framework (from a clean slate when it is not). */
    private DeploymentPackage reinstall(DownloadRequest r, String previousVersion) throws IOException, DeploymentException {
        Path previousFile = store.find(r.name(), previousVersion).orElse(null);
        if (previousFile == null) {
            throw new IOException("the previous version " + previousVersion + " is not on disk");
        }
        DeploymentPackage back = packages.install(previousFile);
        if (packages.disagreement(back) != null) {
            // Deployment Admin's record and the framework disagree (seen after a power cut in the
            // middle of one of its sessions): start from a clean slate, then install again.
            LOG.warn("Job {}: {}; uninstalling {} and installing {} again", r.jobId(), packages.disagreement(back), r.name(),
                    previousVersion);
            back.uninstallForced();
            back = packages.install(previousFile);
            if (packages.disagreement(back) != null) {
                throw new IOException(packages.disagreement(back));
            }
        }
        return back;
    }

    static Map<String, Object> installedEvent(long jobId, String name, String version, String previousVersion, long t0) {
        return Json.object(DeployEvents.JOB_ID, jobId, DeployEvents.PACKAGE, name, DeployEvents.VERSION, version,
                DeployEvents.PREVIOUS_VERSION, previousVersion == null ? "" : previousVersion,
                DeployEvents.DURATION_MS, millisSince(t0));
    }

    static Map<String, Object> installNote(DownloadRequest r, String status, String error) {
        return Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.version", r.version(), "dp.install.status", status,
                "dp.install.progress", "COMPLETED".equals(status) ? 100 : 0, "dp.install.error", error);
    }
}
