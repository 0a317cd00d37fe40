package org.cabinetgw.deploy.internal;

import static org.cabinetgw.deploy.internal.InstallTransaction.installNote;
import static org.cabinetgw.deploy.internal.JobRecorder.millisSince;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.DeployEvents;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs a request starts, on the worker: download (then, unless told not to, install), install of a package
 * downloaded before, uninstall. A package is checked (hash, signature, name and version) before anything is
 * installed; an update that would drop the command channel or the agent needs {@code dp.force}.
 */
final class RemoteJobs {

    /** What the requester is told of any failure before the package's hash matched (see download). */
    static final String DOWNLOAD_FAILED = "download failed";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJobs.class);

    private final AgentSettings settings;
    private final Downloader downloader;
    private final PackageVerifier verifier;
    private final PackageStore store;
    private final InstalledPackages packages;
    private final CommandPolicy policy;
    private final InstallTransaction transaction;
    private final JobRecorder recorder;
    private final AgentHealth health;
    /** The names of the packages the gateway ships (seeds): one of them uninstalled is a capability gone. */
    private final Set<String> shipped;

    RemoteJobs(AgentSettings settings, Downloader downloader, PackageVerifier verifier, PackageStore store,
            InstalledPackages packages, CommandPolicy policy, InstallTransaction transaction, JobRecorder recorder,
            AgentHealth health, Set<String> shipped) {
        this.settings = settings;
        this.downloader = downloader;
        this.verifier = verifier;
        this.store = store;
        this.packages = packages;
        this.policy = policy;
        this.transaction = transaction;
        this.recorder = recorder;
        this.health = health;
        this.shipped = shipped;
    }

    void download(DownloadRequest r, CommandRequest request, Requester requester) {
        long t0 = System.nanoTime();
        JournalRecord rec = JournalRecord.begin(r, request, "download");
        rec.uri = r.uri().toString();
        rec.sha256Expected = r.sha256();
        started(r, request);
        JobProgress progress = recorder.progress();
        progress.downloading(r);
        Path part = store.downloadFile(r.jobId());
        Path stored;
        try {
            long[] lastStep = { -1 };
            Downloader.Result result = downloader.fetch(r.uri(), part, r.options(), (received, total) -> {
                progress.received(r, received, total); // throws once a DEL/download cancelled this download
                if (total > 0) {
                    int pct = (int) (received * 100 / total);
                    // every dp.download.notify.block.size bytes (at most 100 a download) if the request says, else
                    // every progress.step.percent; called again with the same count while a paced download pauses
                    long every = r.options().notifyEvery(total, settings.maxBytes());
                    long step = every > 0 ? received / every : pct / settings.progressStepPercent();
                    if (step != lastStep[0]) {
                        lastStep[0] = step;
                        requester.notify("download", downloadNote(r, "IN_PROGRESS", pct, total, null));
                    }
                }
            });
            rec.size = result.size();
            rec.sha256Actual = result.sha256();
            rec.downloadMillis = millisSince(t0);
            if (!result.sha256().equals(r.sha256())) {
                Files.deleteIfExists(part);
                throw new Downloader.DownloadException(RequestParser.HASH + " does not match: expected SHA256:" + r.sha256()
                        + ", the file has SHA256:" + result.sha256());
            }
            PackageVerifier.PackageInfo info = verifier.verify(part, r.name(), r.version());
            rec.signer = info.signer();
            refuseRemovalOfEssentials(r, info);
            stored = store.keep(part, r.name(), r.version());
            if (!r.install()) {
                rec.result = JobResult.DOWNLOADED;
                recorder.finish(rec, t0);
                recorder.end(requester, "download", downloadNote(r, "COMPLETED", 100, result.size(), null));
                return;
            }
            requester.notify("download", downloadNote(r, "COMPLETED", 100, result.size(), null));
        } catch (IOException | PackageVerifier.RefusedException e) {
            deleteQuietly(part);
            String reason = e.getMessage();
            // Until the hash matched, the bytes came from wherever dp.uri points, maybe a port inside the
            // gateway's network: "refused", "not TLS", "HTTP 404" or "hash does not match" would tell the requester
            // what is there. So one answer for all, the detail in the log and journal. Once the hash matched the
            // requester knew the content already: what is wrong with the package is told as it is.
            String told = reason;
            if (e instanceof JobProgress.Cancelled) {
                LOG.info("Download of {} {} (job {}) cancelled by a DEL/download request", r.name(), r.version(), r.jobId());
                recorder.fail(rec, r, reason, t0);
                recorder.end(requester, "download", downloadNote(r, "CANCELLED", 0, 0, null));
                return;
            }
            if (!(e instanceof PackageVerifier.RefusedException)) {
                String incident = InternalFailure.newIncident();
                told = DOWNLOAD_FAILED + " (incident " + incident + ": the gateway's log has the details)";
                reason = reason + " (incident " + incident + ")";
            }
            LOG.warn("Deployment of {} {} (job {}) refused: {}", r.name(), r.version(), r.jobId(), reason);
            recorder.fail(rec, r, reason, t0);
            recorder.end(requester, "download", downloadNote(r, "FAILED", 0, 0, told));
            return;
        }
        transaction.install(stored, r, rec, requester, t0);
    }

    void installDownloaded(DownloadRequest r, CommandRequest request, Requester requester) {
        long t0 = System.nanoTime();
        JournalRecord rec = JournalRecord.begin(r, request, "install");
        started(r, request);
        Path stored = store.find(r.name(), r.version()).orElse(null);
        if (stored == null) {
            String reason = r.name() + " " + r.version() + " is no longer on disk";
            recorder.fail(rec, r, reason, t0);
            recorder.end(requester, "install", installNote(r, "FAILED", reason));
            return;
        }
        try {
            // checked again as it is installed: the trust may have changed since the download
            PackageVerifier.PackageInfo info = verifier.verify(stored, r.name(), r.version());
            rec.signer = info.signer();
            refuseRemovalOfEssentials(r, info);
        } catch (IOException | PackageVerifier.RefusedException e) {
            LOG.warn("Install of {} {} (job {}) refused: {}", r.name(), r.version(), r.jobId(), e.getMessage());
            recorder.fail(rec, r, e.getMessage(), t0);
            recorder.end(requester, "install", installNote(r, "FAILED", e.getMessage()));
            return;
        }
        transaction.install(stored, r, rec, requester, t0);
    }

    void uninstall(DownloadRequest r, CommandRequest request, Requester requester) {
        long t0 = System.nanoTime();
        JournalRecord rec = JournalRecord.begin(r, request, "uninstall");
        recorder.progress().uninstalling(r);
        DeploymentPackage dp = packages.get(r.name());
        if (dp == null) {
            recorder.fail(rec, r, "no package " + r.name() + " is installed", t0);
            recorder.end(requester, "uninstall", uninstallNote(r, "FAILED", "no package " + r.name() + " is installed"));
            return;
        }
        String version = dp.getVersion().toString();
        rec.version = version;
        try {
            dp.uninstall();
        } catch (DeploymentException e) {
            String reason = "Deployment Admin could not uninstall (code " + e.getCode() + "): " + e.getMessage();
            recorder.fail(rec, r, reason, t0);
            recorder.end(requester, "uninstall", uninstallNote(r, "FAILED", reason));
            return;
        }
        try {
            store.prune(r.name());
        } catch (IOException e) {
            LOG.warn("Could not delete the stored packages of {}: {}", r.name(), e.getMessage());
        }
        recorder.post(DeployEvents.UNINSTALLED, Map.of(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, version));
        if (shipped.contains(r.name())) {
            LOG.warn("Shipped package {} uninstalled (job {}, requester {}): the gateway runs without it", r.name(), r.jobId(),
                    request.requesterId());
            health.capabilitiesGone();
        }
        rec.result = JobResult.UNINSTALLED;
        recorder.finish(rec, t0);
        recorder.end(requester, "uninstall", uninstallNote(r, "COMPLETED", null));
    }

    private void started(DownloadRequest r, CommandRequest request) {
        recorder.post(DeployEvents.STARTED, Map.of(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.REQUESTER, request.requesterId()));
    }

    /**
     * An update that would drop the bundle carrying the command channel or the agent (Deployment Admin removes
     * the bundles a new version no longer has) is refused unless forced, as their uninstall is.
     */
    private void refuseRemovalOfEssentials(DownloadRequest r, PackageVerifier.PackageInfo info) throws PackageVerifier.RefusedException {
        DeploymentPackage installed = packages.get(r.name());
        if (installed == null || r.force()) {
            return;
        }
        List<String> dropped = new ArrayList<>(InstalledPackages.bundleNames(installed));
        dropped.removeAll(info.bundles());
        List<String> essential = policy.essential(dropped);
        if (!essential.isEmpty()) {
            throw new PackageVerifier.RefusedException(r.name() + " " + r.version() + " no longer carries "
                    + String.join(", ", essential) + ": installing it would cut the cloud off from this gateway's deploy "
                    + "agent; send " + RequestParser.FORCE + " true to install it all the same");
        }
    }

    private static Map<String, Object> downloadNote(DownloadRequest r, String status, int pct, long size, String error) {
        return Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.version", r.version(), "dp.download.status", status,
                "dp.download.progress", pct, "dp.download.size", size, "dp.download.error", error);
    }

    private static Map<String, Object> uninstallNote(DownloadRequest r, String status, String error) {
        return Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.uninstall.status", status,
                "dp.uninstall.progress", "COMPLETED".equals(status) ? 100 : 0, "dp.uninstall.error", error);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", p, e.getMessage());
        }
    }
}
