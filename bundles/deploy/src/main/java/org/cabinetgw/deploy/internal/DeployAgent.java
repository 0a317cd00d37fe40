package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy agent: answers DEPLOY-V2 requests (download, install, uninstall, list packages, list
 * bundles) arriving through a command channel, one deployment at a time on its own worker thread.
 * A deployment is downloaded, checked (hash, signature, name and version), installed through
 * Deployment Admin without a restart, and health-gated; when the package does not come up, the
 * previous version kept on disk is installed again. Every deployment is recorded in the journal.
 */
@Component(name = DeployAgent.PID, service = { CommandHandler.class, HealthContributor.class }, property = {
        CommandHandler.APP_ID + "=" + DeployAgent.APP_ID, HealthContributor.COMPONENT + "=" + DeployAgent.HEALTH_NAME })
@Designate(ocd = DeployAgentConfig.class)
public final class DeployAgent implements CommandHandler, HealthContributor {

    static final String PID = "org.cabinetgw.deploy.agent";
    static final String APP_ID = "DEPLOY-V2";
    static final String HEALTH_NAME = "deploy.agent";
    static final String DATA_DIR_PROPERTY = "cabinetgw.data.dir";
    /** The journal's mark of a job whose install has begun and not ended yet. */
    static final String IN_PROGRESS = "IN_PROGRESS";
    /** The health reason while nothing is trusted: UP (nothing is broken), but never silent about it. */
    static final String REMOTE_DEPLOYMENT_OFF = "remote deployment is off: nothing is trusted (trust.store is empty, "
            + "the runtime ships no certificate); every package will be refused";
    /**
     * The agent's health reason while it installs the packages the gateway ships with: DEGRADED, so that
     * nobody (a benchmark, a test, an operator) takes the gateway for fully up before its capabilities are.
     */
    static final String SEEDING = "installing the packages the gateway ships with";
    /** What the requester is told of any failure before the package's hash matched (see runDownload). */
    static final String DOWNLOAD_FAILED = "download failed";
    /** The reply to a requester not in {@code command.requesters}, and to a request that needs {@code dp.force}. */
    static final int FORBIDDEN = 403;
    private static final Logger LOG = LoggerFactory.getLogger(DeployAgent.class);

    private final BundleContext context;
    private final DeploymentAdmin deploymentAdmin;
    private final AgentSettings settings;
    private final PackageStore store;
    private final DeploymentJournal journal;
    private final Downloader downloader;
    private final PackageVerifier verifier;
    /**
     * The shipped packages' verifier: the trust in use plus the certificate the runtime ships
     * ({@link TrustSource#SHIPPED_PROPERTY}). The seeds come from the same jar as that certificate, so it
     * vouches for them even when trust.store names another key for remote packages; without this, an
     * integrator's own trust store would silently refuse the gateway's own capabilities.
     */
    private final PackageVerifier seedVerifier;
    private final HealthGate gate;
    private final CommandPolicy policy;
    /** The names of the packages the gateway ships (seeds): one of them not installed is a capability gone. */
    private final Set<String> shipped;
    /**
     * What the agent's health says while it is UP: nothing, or what an operator must know although nothing
     * is broken (nothing is trusted; the development key is trusted). Kept across deployments.
     */
    private final String upNote;
    private final ExecutorService worker;
    /** The job running now, or null: one deployment at a time. */
    private final AtomicReference<String> running = new AtomicReference<>();
    private volatile Health health;
    /** A refused configuration (the agent runs on its defaults): its entry config:<pid> names the setting. */
    private ServiceRegistration<HealthContributor> refusal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public DeployAgent(DeployAgentConfig config, BundleContext context, @Reference DeploymentAdmin deploymentAdmin,
            @Reference ServiceComponentRuntime scr, Map<String, Object> properties) throws IOException {
        this.context = context;
        this.deploymentAdmin = deploymentAdmin;
        AcceptedSettings accepted = AcceptedSettings.of(config, context.getProperty(TrustSource.SHIPPED_PROPERTY));
        this.settings = accepted.settings();
        TrustSource trust = accepted.trust();
        if (accepted.refused() != null) {
            LOG.debug("Deploy agent: configuration refused", accepted.refused());
            this.refusal = ConfigurationRefusal.report(context, PID,
                    "the deploy agent runs on its defaults (the strictest)", accepted.refused());
        }
        Set<Certificate> trusted = trust.certificates();
        Path dir = dataDirectory(context);
        this.store = new PackageStore(dir);
        this.journal = new DeploymentJournal(dir);
        this.downloader = new Downloader(settings);
        this.verifier = new PackageVerifier(trusted, settings.allowUnsigned());
        this.seedVerifier = new PackageVerifier(seedTrust(trusted, context.getProperty(TrustSource.SHIPPED_PROPERTY)), false);
        this.gate = new HealthGate(context, scr);
        this.policy = new CommandPolicy(context, settings.requesters());
        this.shipped = shippedPackages(context.getProperty(SeedList.PROPERTY));
        // the trust for remote packages: the shipped packages' own (seedTrust) are read from the jar, not the network
        java.util.Optional<String> development = DevelopmentKey.among(trusted);
        this.upNote = development.map(DevelopmentKey::note).orElse(trusted.isEmpty() && !settings.allowUnsigned()
                ? REMOTE_DEPLOYMENT_OFF : "");
        this.health = new Health(HealthState.UP, upNote, Instant.now());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cabinetgw-deploy-worker");
            t.setDaemon(true);
            return t;
        });
        if (trust.problem() != null) {
            // The runtime promised trust and cannot keep it: an integrator must look.
            LOG.error("Deploy agent: {}; packages signed by the build's key will be refused", trust.problem());
            setHealth(HealthState.DEGRADED, trust.problem() + (settings.allowUnsigned() ? ""
                    : "; every signed package will be refused"));
        } else if (trusted.isEmpty() && !settings.allowUnsigned()) {
            // Nobody asked for remote deployment: say so (upNote), but do not hold the cabinet DEGRADED for it.
            LOG.warn("Deploy agent: nothing is trusted (trust.store is empty and the runtime ships no certificate): "
                    + "remote deployment is off, every package will be refused");
        }
        // At every start: a gateway that trusts the development key accepts what anyone with a build host's
        // target/ signs. UP all the same (upNote): a development or test gateway is not broken, and a release
        // build cannot make such a jar (-Prelease refuses the key); the note keeps it visible on /health.
        development.ifPresent(subject -> LOG.warn("Deploy agent {}", DevelopmentKey.note(subject)));
        LOG.info("Deploy agent active: data in {}, {} trusted certificate(s) from {}, unsigned packages {}, health gate {} s",
                dir, trusted.size(), trust.origin(), settings.allowUnsigned() ? "allowed" : "refused", settings.healthGateMillis() / 1000);
        // last: the recovery runs on the worker and may change the health set above
        recoverInterruptedJob();
        // after the recovery (same worker): a seed never overtakes the job a restart interrupted
        String seeds = context.getProperty(SeedList.PROPERTY);
        if (seeds != null && !properties.containsKey(org.osgi.framework.Constants.SERVICE_PID)) {
            // The runtime always configures the agent (features/deploy's configuration). Activated without it,
            // at a first start, the agent is activated again as soon as the Configurator applies it: a seed
            // install begun now would be cut off by that. The next activation installs them.
            LOG.info("Deploy agent not configured yet: the shipped packages are installed once it is");
            if (health.state() == HealthState.UP) {
                setHealth(HealthState.DEGRADED, SEEDING + ": waiting for the agent's configuration");
            }
        } else {
            installSeeds(seeds);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        refusal = ConfigurationRefusal.withdraw(refusal);
        gate.stop();
        worker.shutdownNow();
        downloader.abort();
        // a download blocked on a silent server ends within the read timeout (see Downloader.aborted)
        long wait = settings.readTimeoutMillis() + 5000L;
        if (!worker.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
            LOG.warn("The deployment in progress did not stop within {} s", wait / 1000);
        }
    }

    static Path dataDirectory(BundleContext context) {
        String configured = context.getProperty(DATA_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim(), "deploy");
        }
        java.io.File area = context.getDataFile("deploy");
        if (area == null) {
            throw new IllegalStateException("no " + DATA_DIR_PROPERTY + " and the framework gives no data area");
        }
        return area.toPath();
    }

    @Override
    public Health health() {
        return health;
    }

    // ---------------------------------------------------------------- requests

    @Override
    public void handle(CommandRequest request, CommandResponder responder) {
        String resource = request.method().toUpperCase(java.util.Locale.ROOT) + "/" + String.join("/", request.resources());
        if (!policy.allows(request.requesterId())) {
            LOG.warn("Refused a {} request from {}: not in command.requesters", resource, request.requesterId());
            responder.reply(FORBIDDEN, Json.bytes(Json.object("error", "requester '" + request.requesterId()
                    + "' is not allowed to send requests to this gateway (command.requesters)")));
            return;
        }
        try {
            switch (resource) {
                case "EXEC/download" -> {
                    DownloadRequest r = RequestParser.download(request.body(), settings.allowHttp());
                    String host = r.uri().getHost().toLowerCase(java.util.Locale.ROOT);
                    if (!settings.downloadHosts().isEmpty() && !settings.downloadHosts().contains(host)) {
                        throw new RequestException(RequestParser.URI_FIELD, RequestParser.URI_FIELD + ": host " + host
                                + " is not one of download.hosts");
                    }
                    submit(r, request, responder, () -> runDownload(r, request, responder));
                }
                case "EXEC/install" -> {
                    DownloadRequest r = RequestParser.installDownloaded(request.body());
                    if (store.find(r.name(), r.version()).isEmpty()) {
                        responder.reply(CommandResponder.NOT_FOUND, Json.bytes(Json.object("error",
                                r.name() + " " + r.version() + " has not been downloaded", "job.id", r.jobId())));
                        return;
                    }
                    submit(r, request, responder, () -> runInstallDownloaded(r, request, responder));
                }
                case "EXEC/uninstall" -> {
                    DownloadRequest r = RequestParser.uninstall(request.body());
                    DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(r.name());
                    if (dp == null) {
                        responder.reply(CommandResponder.NOT_FOUND, Json.bytes(Json.object("error",
                                "no package " + r.name() + " is installed", "job.id", r.jobId())));
                        return;
                    }
                    List<String> essential = policy.essential(bundleNames(dp));
                    if (!essential.isEmpty() && !r.force()) {
                        LOG.warn("Refused to uninstall {} for {}: it carries {}", r.name(), request.requesterId(), essential);
                        responder.reply(FORBIDDEN, Json.bytes(Json.object("error", r.name() + " carries "
                                + String.join(", ", essential) + ": without it the cloud cannot reach this gateway's "
                                + "deploy agent again; send dp.force true to uninstall it all the same", "field",
                                RequestParser.FORCE, "job.id", r.jobId())));
                        return;
                    }
                    submit(r, request, responder, () -> runUninstall(r, request, responder));
                }
                case "GET/packages" -> responder.reply(CommandResponder.OK, Json.bytes(Json.object("packages", packages())));
                case "GET/bundles" -> responder.reply(CommandResponder.OK, Json.bytes(Json.object("bundles", bundles(),
                        "framework", framework())));
                default -> responder.reply(CommandResponder.NOT_FOUND, Json.bytes(Json.object("error",
                        "unknown resource " + resource + "; known: EXEC/download, EXEC/install, EXEC/uninstall, GET/packages, GET/bundles")));
            }
        } catch (RequestException e) {
            LOG.warn("Refused a {} request from {}: {}", resource, request.requesterId(), e.getMessage());
            responder.reply(CommandResponder.BAD_REQUEST, Json.bytes(Json.object("error", e.getMessage(), "field", e.field())));
        } catch (RuntimeException e) {
            // Never the exception to the cloud (the channel would send its text): a safe reason and an id.
            String incident = InternalFailure.newIncident();
            LOG.error("A {} request from {} failed (incident {})", resource, request.requesterId(), incident, e);
            responder.reply(CommandResponder.ERROR, Json.bytes(InternalFailure.replyBody(incident)));
        }
    }

    private void submit(DownloadRequest r, CommandRequest request, CommandResponder responder, Runnable job) {
        String label = new String(r.name() + " (job " + r.jobId() + ")"); // its own instance: released by identity
        if (!running.compareAndSet(null, label)) {
            responder.reply(CommandResponder.BUSY, Json.bytes(Json.object("error",
                    "another deployment is in progress: " + running.get() + "; send the request again when it ends",
                    "job.id", r.jobId())));
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    job.run();
                } finally {
                    running.compareAndSet(label, null);
                }
            });
        } catch (RejectedExecutionException e) {
            running.compareAndSet(label, null);
            responder.reply(CommandResponder.ERROR, Json.bytes(Json.object("error", "the deploy agent is stopping", "job.id", r.jobId())));
            return;
        }
        responder.reply(CommandResponder.OK, Json.bytes(Json.object("job.id", r.jobId(), "status", "ACCEPTED")));
    }

    // ---------------------------------------------------------------- jobs (worker thread)

    private void runDownload(DownloadRequest r, CommandRequest request, CommandResponder responder) {
        long t0 = System.nanoTime();
        Record rec = new Record(r, request, "download");
        rec.put("uri", r.uri().toString());
        rec.put("sha256.expected", r.sha256());
        post(DeployEvents.STARTED, Map.of(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.REQUESTER, request.requesterId()));
        Path part = store.downloadFile(r.jobId());
        Path stored;
        try {
            int[] lastStep = { -1 };
            Downloader.Result result = downloader.fetch(r.uri(), part, (received, total) -> {
                if (total > 0) {
                    int pct = (int) (received * 100 / total);
                    int step = pct / settings.progressStepPercent();
                    if (step != lastStep[0]) {
                        lastStep[0] = step;
                        responder.notify("download", Json.bytes(downloadNote(r, "IN_PROGRESS", pct, total, null)));
                    }
                }
            });
            rec.put("size", result.size());
            rec.put("sha256.actual", result.sha256());
            rec.put("download.ms", millisSince(t0));
            if (!result.sha256().equals(r.sha256())) {
                Files.deleteIfExists(part);
                throw new Downloader.DownloadException(RequestParser.HASH + " does not match: expected SHA256:" + r.sha256()
                        + ", the file has SHA256:" + result.sha256());
            }
            PackageVerifier.PackageInfo info = verifier.verify(part, r.name(), r.version());
            rec.put("signer", info.signer());
            refuseRemovalOfEssentials(r, info);
            stored = store.keep(part, r.name(), r.version());
            if (!r.install()) {
                rec.put("result", "DOWNLOADED");
                finish(rec, t0);
                end(responder, "download", downloadNote(r, "COMPLETED", 100, result.size(), null));
                return;
            }
            responder.notify("download", Json.bytes(downloadNote(r, "COMPLETED", 100, result.size(), null)));
        } catch (IOException | PackageVerifier.RefusedException e) {
            deleteQuietly(part);
            String reason = e.getMessage();
            // Until the hash matched, the bytes came from wherever dp.uri points, maybe a port inside the
            // gateway's network: "refused", "not TLS", "HTTP 404" or "hash does not match" would tell the requester
            // what is there. So one answer for all, the detail in the log and journal. Once the hash matched the
            // requester knew the content already: what is wrong with the package is told as it is.
            String told = reason;
            if (!(e instanceof PackageVerifier.RefusedException)) {
                String incident = InternalFailure.newIncident();
                told = DOWNLOAD_FAILED + " (incident " + incident + ": the gateway's log has the details)";
                reason = reason + " (incident " + incident + ")";
            }
            LOG.warn("Deployment of {} {} (job {}) refused: {}", r.name(), r.version(), r.jobId(), reason);
            fail(rec, r, reason, t0);
            end(responder, "download", downloadNote(r, "FAILED", 0, 0, told));
            return;
        }
        install(stored, r, rec, responder, t0);
    }

    private void runInstallDownloaded(DownloadRequest r, CommandRequest request, CommandResponder responder) {
        long t0 = System.nanoTime();
        Record rec = new Record(r, request, "install");
        post(DeployEvents.STARTED, Map.of(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.REQUESTER, request.requesterId()));
        Path stored = store.find(r.name(), r.version()).orElse(null);
        if (stored == null) {
            String reason = r.name() + " " + r.version() + " is no longer on disk";
            fail(rec, r, reason, t0);
            end(responder, "install", installNote(r, "FAILED", reason));
            return;
        }
        try {
            // checked again as it is installed: the trust may have changed since the download
            PackageVerifier.PackageInfo info = verifier.verify(stored, r.name(), r.version());
            rec.put("signer", info.signer());
            refuseRemovalOfEssentials(r, info);
        } catch (IOException | PackageVerifier.RefusedException e) {
            LOG.warn("Install of {} {} (job {}) refused: {}", r.name(), r.version(), r.jobId(), e.getMessage());
            fail(rec, r, e.getMessage(), t0);
            end(responder, "install", installNote(r, "FAILED", e.getMessage()));
            return;
        }
        install(stored, r, rec, responder, t0);
    }

    private void install(Path file, DownloadRequest r, Record rec, CommandResponder responder, long t0) {
        DeploymentPackage previous = deploymentAdmin.getDeploymentPackage(r.name());
        String previousVersion = previous == null ? null : previous.getVersion().toString();
        rec.put("previous.version", previousVersion);
        markInProgress(rec);
        responder.notify("install", Json.bytes(installNote(r, "IN_PROGRESS", null)));
        long t1 = System.nanoTime();
        DeploymentPackage installed;
        try {
            installed = installThroughDeploymentAdmin(file);
        } catch (DeploymentException e) {
            // Deployment Admin installs a package as a whole or not at all: nothing changed.
            String reason = "Deployment Admin refused the package (code " + e.getCode() + "): " + e.getMessage();
            fail(rec, r, reason, t0);
            end(responder, "install", installNote(r, "FAILED", reason));
            return;
        } catch (IOException e) {
            String reason = "cannot read " + file + ": " + e.getMessage();
            fail(rec, r, reason, t0);
            end(responder, "install", installNote(r, "FAILED", reason));
            return;
        }
        rec.put("install.ms", millisSince(t1));
        long t2 = System.nanoTime();
        String unhealthy;
        try {
            unhealthy = disagreement(installed);
            if (unhealthy == null) {
                // a shipped package must run; its health may depend on the world outside (see HealthGate)
                unhealthy = gate.await(bundlesOf(installed), settings.healthGateMillis(),
                        !SeedList.isSeedJob(rec));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (SeedList.isSeedJob(rec)) {
                // Not a verdict on the package (it may not even have been started: Deployment Admin's start of
                // it was cut off). The job stays open; the next activation's recovery starts it and gates it.
                LOG.info("Shipped package {} {}: the agent stopped during its health gate; the next activation finishes it",
                        r.name(), r.version());
                running.set(null);
                return;
            }
            unhealthy = "the agent stopped during the health gate";
        }
        rec.put("gate.ms", millisSince(t2));
        if (unhealthy == null) {
            try {
                store.prune(r.name(), r.version(), previousVersion);
            } catch (IOException e) {
                LOG.warn("Could not delete old packages of {}: {}", r.name(), e.getMessage());
            }
            rec.put("result", "INSTALLED");
            rec.put("total.ms", millisSince(t0));
            post(DeployEvents.INSTALLED, Json.object(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                    DeployEvents.VERSION, r.version(), DeployEvents.PREVIOUS_VERSION, previousVersion == null ? "" : previousVersion,
                    DeployEvents.DURATION_MS, millisSince(t0)));
            if (!SeedList.isSeedJob(rec)) {
                setHealth(HealthState.UP, ""); // a seed: the seed loop says when all are done
            }
            LOG.info("Installed {} {} (job {}, was {}) in {} ms", r.name(), r.version(), r.jobId(),
                    previousVersion == null ? "not installed" : previousVersion, millisSince(t0));
            finish(rec, t0);
            end(responder, "install", installNote(r, "COMPLETED", null));
            return;
        }
        if (SeedList.isSeedJob(rec) && previousVersion == null) {
            // A seed at first boot has nothing to roll back to: removing it would leave the cabinet without
            // the capability and try again at every start. It stays installed, its own health says what is
            // wrong, and the agent reports it DEGRADED; the next start sees it installed and does nothing.
            String reason = "shipped package " + r.name() + " " + r.version() + " installed but not healthy: " + unhealthy
                    + "; kept (nothing to roll back to)";
            LOG.error("{}", reason);
            fail(rec, r, reason, t0);
            setHealth(HealthState.DEGRADED, reason);
            end(responder, "install", installNote(r, "FAILED", reason));
            return;
        }
        rollBack(r, rec, responder, t0, previousVersion, unhealthy);
    }

    private void rollBack(DownloadRequest r, Record rec, CommandResponder responder, long t0, String previousVersion,
            String unhealthy) {
        LOG.warn("{} {} (job {}) did not come up: {}; rolling back", r.name(), r.version(), r.jobId(), unhealthy);
        String outcome;
        HealthState state;
        try {
            if (previousVersion == null) {
                DeploymentPackage now = deploymentAdmin.getDeploymentPackage(r.name());
                if (now != null) {
                    now.uninstall();
                }
                outcome = "removed again (there was no previous version)";
                state = HealthState.DEGRADED;
            } else {
                Path previousFile = store.find(r.name(), previousVersion).orElse(null);
                if (previousFile == null) {
                    throw new IOException("the previous version " + previousVersion + " is not on disk");
                }
                DeploymentPackage back = installThroughDeploymentAdmin(previousFile);
                if (disagreement(back) != null) {
                    // Deployment Admin's record and the framework disagree (seen after a power cut in the
                    // middle of one of its sessions): start from a clean slate, then install again.
                    LOG.warn("Job {}: {}; uninstalling {} and installing {} again", r.jobId(), disagreement(back), r.name(),
                            previousVersion);
                    back.uninstallForced();
                    back = installThroughDeploymentAdmin(previousFile);
                    if (disagreement(back) != null) {
                        throw new IOException(disagreement(back));
                    }
                }
                // The previous version must come up again too: a rollback is only reported done when it is.
                String stillUnhealthy;
                try {
                    stillUnhealthy = gate.await(bundlesOf(back), settings.healthGateMillis(),
                            !SeedList.isSeedJob(rec));
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
        rec.put("result", state == HealthState.DOWN ? "ROLLBACK_FAILED" : "ROLLED_BACK");
        rec.put("reason", reason);
        rec.put("total.ms", millisSince(t0));
        post(DeployEvents.ROLLED_BACK, Json.object(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.PREVIOUS_VERSION, previousVersion == null ? "" : previousVersion,
                DeployEvents.REASON, reason));
        setHealth(state, "deployment of " + r.name() + " " + r.version() + " (job " + r.jobId() + ") rolled back: " + reason);
        finish(rec, t0);
        end(responder, "install", installNote(r, "FAILED", reason));
    }

    private void runUninstall(DownloadRequest r, CommandRequest request, CommandResponder responder) {
        long t0 = System.nanoTime();
        Record rec = new Record(r, request, "uninstall");
        DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(r.name());
        if (dp == null) {
            fail(rec, r, "no package " + r.name() + " is installed", t0);
            end(responder, "uninstall", Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.uninstall.status", "FAILED",
                    "dp.uninstall.error", "no package " + r.name() + " is installed"));
            return;
        }
        String version = dp.getVersion().toString();
        rec.put("version", version);
        try {
            dp.uninstall();
        } catch (DeploymentException e) {
            String reason = "Deployment Admin could not uninstall (code " + e.getCode() + "): " + e.getMessage();
            fail(rec, r, reason, t0);
            end(responder, "uninstall", Json.object("job.id", r.jobId(), "dp.name", r.name(),
                    "dp.uninstall.status", "FAILED", "dp.uninstall.error", reason));
            return;
        }
        try {
            store.prune(r.name());
        } catch (IOException e) {
            LOG.warn("Could not delete the stored packages of {}: {}", r.name(), e.getMessage());
        }
        post(DeployEvents.UNINSTALLED, Map.of(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(), DeployEvents.VERSION, version));
        if (shipped.contains(r.name())) {
            LOG.warn("Shipped package {} uninstalled (job {}, requester {}): the gateway runs without it", r.name(), r.jobId(),
                    request.requesterId());
            setHealth(HealthState.DEGRADED, goneReason(goneCapabilities()));
        }
        rec.put("result", "UNINSTALLED");
        finish(rec, t0);
        end(responder, "uninstall", Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.uninstall.status", "COMPLETED"));
    }

    // ---------------------------------------------------------------- recovery after a power cut

    /**
     * Written before Deployment Admin is called: the job's final record follows when it ends. A power cut
     * (or a killed JVM) between the two leaves this one open, and the next activation finishes the job.
     */
    private void markInProgress(Record rec) {
        Map<String, Object> mark = new java.util.LinkedHashMap<>(rec);
        mark.put("time", Instant.now().toString());
        mark.put("result", IN_PROGRESS);
        try {
            journal.append(mark);
        } catch (IOException e) {
            LOG.error("Could not record job {} as in progress in {}: {}", rec.get("job.id"), journal.file(), e.getMessage());
        }
    }

    /** The last job whose IN_PROGRESS record has no later record: the one a restart interrupted, or null. */
    static Map<String, Object> interruptedJob(List<Map<String, Object>> records) {
        Map<String, Object> open = null;
        for (Map<String, Object> rec : records) {
            if (IN_PROGRESS.equals(rec.get("result"))) {
                open = rec;
            } else if (open != null && sameJob(open, rec)) {
                open = null;
            }
        }
        return open;
    }

    private static boolean sameJob(Map<String, Object> a, Map<String, Object> b) {
        return a.get("job.id") instanceof Number x && b.get("job.id") instanceof Number y && x.longValue() == y.longValue()
                && java.util.Objects.equals(a.get("package"), b.get("package"));
    }

    /**
     * At activation: a job the journal shows started and never finished (power cut, killed JVM during
     * the install or the health gate) is finished honestly on the worker, before any new request: the
     * package found installed is health-gated again, and put back to the previous version if it does
     * not come up; when Deployment Admin never completed, the job is recorded FAILED with what runs.
     */
    private void recoverInterruptedJob() {
        Map<String, Object> open;
        try {
            open = interruptedJob(journal.read());
        } catch (IOException e) {
            LOG.error("Could not read {} to look for an interrupted deployment: {}", journal.file(), e.getMessage());
            return;
        }
        if (open == null || !(open.get("package") instanceof String name) || !(open.get("version") instanceof String version)) {
            return;
        }
        long jobId = ((Number) open.get("job.id")).longValue();
        String label = new String("recovery of " + name + " (job " + jobId + ")");
        running.set(label);
        worker.execute(() -> {
            try {
                recover(open, name, version, jobId);
            } catch (RuntimeException e) {
                LOG.error("Recovery of job {} failed", jobId, e);
            } finally {
                running.compareAndSet(label, null);
            }
        });
    }

    private void recover(Map<String, Object> open, String name, String version, long jobId) {
        long t0 = System.nanoTime();
        String previousVersion = open.get("previous.version") instanceof String p ? p : null;
        DownloadRequest r = new DownloadRequest(null, name, version, jobId, "", true, false);
        CommandRequest origin = new CommandRequest("EXEC", List.of(String.valueOf(open.get("action"))),
                String.valueOf(open.getOrDefault("request.id", "")), String.valueOf(open.getOrDefault("requester", "")), null);
        Record rec = new Record(r, origin, "recovery");
        rec.put("previous.version", previousVersion);
        DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(name);
        String found = dp == null ? null : dp.getVersion().toString();
        LOG.warn("Job {} ({} {}, was {}) was interrupted by a restart; {} is installed now: finishing it",
                jobId, name, version, previousVersion == null ? "not installed" : previousVersion,
                found == null ? "no version" : "version " + found);
        // nobody waits for these notifications any more: the requester's job ended with the restart
        CommandResponder nobody = new CommandResponder() {
            @Override
            public void reply(int status, byte[] body) {
            }

            @Override
            public void notify(String resource, byte[] body) {
            }
        };
        if (found == null || !PackageVerifier.sameVersion(found, version)) {
            String reason = "interrupted by a restart before Deployment Admin completed the install; "
                    + (found == null ? "no version of " + name + " is installed" : "version " + found + " is installed");
            if (dp == null && previousVersion != null && !orphans().isEmpty()) {
                // Deployment Admin lost its record of the package (cut off while writing it), its bundles
                // are still there: install the previous version kept on disk again, over them.
                reason += ", but bundles it had installed are still there: " + orphans();
                String outcome = reinstallOverOrphans(name, previousVersion);
                fail(rec, r, reason + "; " + outcome, t0);
                if (!outcome.startsWith("version")) {
                    setHealth(HealthState.DOWN, "job " + jobId + ": " + reason + "; " + outcome);
                }
                return;
            }
            String disagreement = dp == null ? null : disagreement(dp);
            if (disagreement != null) {
                // Deployment Admin had begun updating the bundles when the power went: its record still says
                // `found`, the framework runs some of the new ones. Put back what its record says.
                reason += ", but " + disagreement;
                String repaired = repair(dp, found);
                if (repaired != null) {
                    fail(rec, r, reason + "; could not put " + found + " back: " + repaired, t0);
                    setHealth(HealthState.DOWN, "job " + jobId + ": " + reason + "; could not put " + found + " back: " + repaired);
                    return;
                }
                reason += "; the bundles of " + found + " were put back";
                LOG.warn("Job {}: {}", jobId, reason);
            }
            fail(rec, r, reason, t0);
            return;
        }
        // Deployment Admin stops a package's bundles, updates them and starts them again; cut off in
        // between, they stay stopped across the restart. Starting them is what it would have done next.
        for (Bundle b : bundlesOf(dp)) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                    LOG.info("Job {}: started {} {}, left stopped by the interruption", jobId, b.getSymbolicName(), b.getVersion());
                } catch (org.osgi.framework.BundleException | IllegalStateException e) {
                    LOG.warn("Job {}: {} does not start: {}", jobId, b.getSymbolicName(), e.getMessage());
                }
            }
        }
        String unhealthy = disagreement(dp);
        long t1 = System.nanoTime();
        try {
            if (unhealthy == null) {
                unhealthy = gate.await(bundlesOf(dp), settings.healthGateMillis(),
                        !SeedList.isSeedJob(open));
            }
        } catch (InterruptedException e) {
            // The agent is stopping (at start-up, typically because its configuration arrived a moment
            // after it activated): not a verdict on the package. The job stays open for the next activation.
            Thread.currentThread().interrupt();
            LOG.info("Recovery of job {} stopped with the agent; the next activation finishes it", jobId);
            return;
        }
        rec.put("gate.ms", millisSince(t1));
        if (unhealthy == null) {
            rec.put("result", "INSTALLED");
            rec.put("reason", "interrupted by a restart; found installed and healthy");
            post(DeployEvents.INSTALLED, Json.object(DeployEvents.JOB_ID, jobId, DeployEvents.PACKAGE, name,
                    DeployEvents.VERSION, version, DeployEvents.PREVIOUS_VERSION, previousVersion == null ? "" : previousVersion,
                    DeployEvents.DURATION_MS, millisSince(t0)));
            LOG.info("Job {} recovered: {} {} is installed and healthy", jobId, name, version);
            finish(rec, t0);
            return;
        }
        rollBack(r, rec, nobody, t0, previousVersion, "interrupted by a restart, then " + unhealthy);
    }

    // ---------------------------------------------------------------- seed packages

    /**
     * The packages the runtime ships (see {@link SeedList}), installed on the worker in their order when
     * not installed or installed at a lower version. A higher version (installed from the cloud) is kept:
     * a seed never downgrades. At the same version a seed replaces only what an earlier seed installed
     * with other bytes (a rebuilt jar), never what the cloud installed. A seed version rolled back once
     * is not tried again at every start.
     */
    private void installSeeds(String listProperty) {
        if (listProperty == null || listProperty.isBlank()) {
            return;
        }
        List<SeedList.Seed> seeds;
        try {
            seeds = SeedList.read(Path.of(listProperty.trim()));
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read the shipped packages' list {}: {}", listProperty, e.getMessage());
            setHealth(HealthState.DEGRADED, "cannot read the shipped packages' list: " + e.getMessage());
            return;
        }
        Health before = health;
        if (seeds.stream().noneMatch(seed -> seed(seed, "", true))) {
            return; // every one is installed (a restart): no job, no change of health
        }
        // DEGRADED from here, synchronously: nobody must see the agent UP between its activation and the job
        setHealth(HealthState.DEGRADED, SEEDING + ": " + seeds.size() + " to check");
        String label = new String(SEEDING); // its own instance: released by identity
        running.compareAndSet(null, label);
        worker.execute(() -> {
            try {
                for (int i = 0; i < seeds.size(); i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    running.set(label);
                    seed(seeds.get(i), SEEDING + ": " + (i + 1) + " of " + seeds.size() + " ("
                            + seeds.get(i).file().getFileName() + ")", false);
                }
                if (health.reason().startsWith(SEEDING)) {
                    // all done and none failed: back to what the agent was before (UP, or a trust problem)
                    setHealth(before.state(), before.reason());
                    LOG.info("The packages the gateway ships with are installed");
                }
            } catch (RuntimeException e) {
                String incident = InternalFailure.newIncident();
                LOG.error("Installing the shipped packages failed (incident {})", incident, e);
                setHealth(HealthState.DEGRADED, "installing the shipped packages failed (incident " + incident + ")");
            } finally {
                running.compareAndSet(label, null);
            }
        });
    }

    /**
     * One seed; {@code progress} is the agent's health reason while it is installed (not when it is kept).
     * With {@code dryRun} nothing is done, logged or reported: the answer is only whether there is work to do
     * (an install, or a refusal to report).
     */
    private boolean seed(SeedList.Seed seed, String progress, boolean dryRun) {
        long t0 = System.nanoTime();
        String name;
        String version;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(seed.file().toFile(), false)) {
            java.util.jar.Manifest m = jar.getManifest();
            name = m == null ? null : m.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
            version = m == null ? null : m.getMainAttributes().getValue("DeploymentPackage-Version");
        } catch (IOException e) {
            if (!dryRun) {
                seedRefused(seed, "cannot read it: " + e.getMessage());
            }
            return true;
        }
        if (name == null || version == null) {
            if (!dryRun) {
                seedRefused(seed, "not a deployment package: DeploymentPackage-SymbolicName or -Version missing");
            }
            return true;
        }
        name = name.trim();
        version = version.trim();
        DeploymentPackage installed = deploymentAdmin.getDeploymentPackage(name);
        org.osgi.framework.Version seedVersion;
        try {
            seedVersion = org.osgi.framework.Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            if (!dryRun) {
                seedRefused(seed, "DeploymentPackage-Version " + version + " is not a version");
            }
            return true;
        }
        Map<String, Object> last = lastInstallOf(name);
        if (installed != null) {
            int c = installed.getVersion().compareTo(seedVersion);
            boolean rebuiltSeed = c == 0 && SeedList.isSeedJob(last)
                    && !seed.sha256().equals(last.get("sha256.actual"));
            if (c > 0 || (c == 0 && !rebuiltSeed)) {
                if (!dryRun) {
                    LOG.debug("Shipped package {} {}: {} is installed, kept", name, version, installed.getVersion());
                }
                return false;
            }
        }
        if (last != null && "ROLLED_BACK".equals(last.get("result")) && SeedList.isSeedJob(last)
                && PackageVerifier.sameVersion(String.valueOf(last.get("version")), version)
                && seed.sha256().equals(last.get("sha256.actual"))) {
            if (!dryRun) {
                LOG.warn("Shipped package {} {} was rolled back before ({}); not tried again", name, version, last.get("reason"));
            }
            return false;
        }
        if (dryRun) {
            return true;
        }
        // DEGRADED while a seed installs, unless an earlier seed failed: its reason must stay visible
        if (health.state() == HealthState.UP || health.reason().startsWith(SEEDING)) {
            setHealth(HealthState.DEGRADED, progress);
        }
        long jobId = System.currentTimeMillis();
        DownloadRequest r = new DownloadRequest(seed.file().toUri(), name, version, jobId, seed.sha256(), true, false);
        CommandRequest origin = new CommandRequest("EXEC", List.of("seed"), "", SeedList.REQUESTER, null);
        Record rec = new Record(r, origin, "seed");
        rec.put("uri", seed.file().toUri().toString());
        rec.put("sha256.expected", seed.sha256());
        post(DeployEvents.STARTED, Map.of(DeployEvents.JOB_ID, jobId, DeployEvents.PACKAGE, name,
                DeployEvents.VERSION, version, DeployEvents.REQUESTER, SeedList.REQUESTER));
        Path part = store.downloadFile(jobId);
        Path stored;
        try {
            Files.copy(seed.file(), part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String actual = sha256(part);
            rec.put("size", Files.size(part));
            rec.put("sha256.actual", actual);
            if (!actual.equals(seed.sha256())) {
                throw new PackageVerifier.RefusedException("SHA-256 does not match the seed list: expected " + seed.sha256()
                        + ", the file has " + actual);
            }
            PackageVerifier.PackageInfo info = seedVerifier.verify(part, name, version);
            rec.put("signer", info.signer());
            stored = store.keep(part, name, version);
        } catch (IOException | PackageVerifier.RefusedException e) {
            deleteQuietly(part);
            String reason = "shipped package " + name + " " + version + " refused: " + e.getMessage();
            LOG.error("{}", reason);
            fail(rec, r, reason, t0);
            setHealth(HealthState.DEGRADED, reason);
            return true;
        }
        LOG.info("Installing shipped package {} {} ({})", name, version,
                installed == null ? "not installed" : "installed: " + installed.getVersion());
        install(stored, r, rec, NOBODY, t0);
        DeploymentPackage now = deploymentAdmin.getDeploymentPackage(name);
        if ((now == null || now.getVersion().compareTo(seedVersion) < 0) && health.reason().startsWith(SEEDING)) {
            // Refused by Deployment Admin (install() records why, but sets no health for it): without this the
            // loop's end would report the agent UP with a capability missing.
            String reason = "shipped package " + name + " " + version + " is not installed ("
                    + (now == null ? "no version is" : "version " + now.getVersion() + " is") + "); the journal "
                    + journal.file() + " says why";
            LOG.error("{}", reason);
            setHealth(HealthState.DEGRADED, reason);
        }
        return true;
    }

    private static Set<Certificate> seedTrust(Set<Certificate> trusted, String shippedProperty) {
        Set<Certificate> all = new java.util.HashSet<>(trusted);
        if (shippedProperty != null && !shippedProperty.isBlank()) {
            try {
                all.addAll(TrustSource.loadCertificates(Path.of(shippedProperty.trim())));
            } catch (IOException | java.security.GeneralSecurityException e) {
                // reported where it matters: the trust in use (DEGRADED), or a seed refused (DEGRADED, naming it)
                LOG.warn("The runtime's certificate file {} cannot be read for the shipped packages: {}", shippedProperty,
                        e.getMessage());
            }
        }
        return all;
    }

    private void seedRefused(SeedList.Seed seed, String why) {
        String reason = "shipped package " + seed.file().getFileName() + ": " + why;
        LOG.error("{}", reason);
        setHealth(HealthState.DEGRADED, reason);
    }

    /** The package's last journal record that ends an install, update or rollback, or null. */
    private Map<String, Object> lastInstallOf(String name) {
        List<Map<String, Object>> records;
        try {
            records = journal.read();
        } catch (IOException e) {
            LOG.warn("Could not read {}: {}", journal.file(), e.getMessage());
            return null;
        }
        Map<String, Object> last = null;
        for (Map<String, Object> rec : records) {
            Object result = rec.get("result");
            if (name.equals(rec.get("package")) && ("INSTALLED".equals(result) || "ROLLED_BACK".equals(result))) {
                last = rec;
            }
        }
        return last;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nobody waits for the notifications of a seed (or of a recovered) job: the journal and the health tell. */
    private static final CommandResponder NOBODY = new CommandResponder() {
        @Override
        public void reply(int status, byte[] body) {
        }

        @Override
        public void notify(String resource, byte[] body) {
        }
    };

    // ---------------------------------------------------------------- helpers

    /**
     * An update that would drop the bundle carrying the command channel or the agent (Deployment Admin removes
     * the bundles a new version no longer has) is refused unless forced, as their uninstall is.
     */
    private void refuseRemovalOfEssentials(DownloadRequest r, PackageVerifier.PackageInfo info) throws PackageVerifier.RefusedException {
        DeploymentPackage installed = deploymentAdmin.getDeploymentPackage(r.name());
        if (installed == null || r.force()) {
            return;
        }
        List<String> dropped = new ArrayList<>(bundleNames(installed));
        dropped.removeAll(info.bundles());
        List<String> essential = policy.essential(dropped);
        if (!essential.isEmpty()) {
            throw new PackageVerifier.RefusedException(r.name() + " " + r.version() + " no longer carries "
                    + String.join(", ", essential) + ": installing it would cut the cloud off from this gateway's deploy "
                    + "agent; send " + RequestParser.FORCE + " true to install it all the same");
        }
    }

    private static List<String> bundleNames(DeploymentPackage dp) {
        List<String> names = new ArrayList<>();
        for (BundleInfo b : dp.getBundleInfos()) {
            names.add(b.getSymbolicName());
        }
        return names;
    }

    /** The shipped packages (seeds) not installed now, by name. */
    private List<String> goneCapabilities() {
        List<String> gone = new ArrayList<>();
        for (String name : shipped) {
            if (deploymentAdmin.getDeploymentPackage(name) == null) {
                gone.add(name);
            }
        }
        return gone;
    }

    private static String goneReason(List<String> gone) {
        return "capability gone: the shipped package" + (gone.size() > 1 ? "s " : " ") + String.join(", ", gone)
                + (gone.size() > 1 ? " are" : " is") + " not installed (uninstalled, or refused at the start); the gateway "
                + "runs without it until the cloud installs it again or the gateway restarts (shipped packages are "
                + "installed again at every start)";
    }

    /** The names of the packages in the seed list (read from each package's manifest); empty without one. */
    private static Set<String> shippedPackages(String listProperty) {
        if (listProperty == null || listProperty.isBlank()) {
            return Set.of();
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        try {
            for (SeedList.Seed seed : SeedList.read(Path.of(listProperty.trim()))) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(seed.file().toFile(), false)) {
                    String name = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("DeploymentPackage-SymbolicName");
                    if (name != null) {
                        names.add(name.trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // installSeeds reports an unreadable list or package (DEGRADED, naming it)
            LOG.debug("Shipped packages' names not read: {}", e.getMessage(), e);
        }
        return Set.copyOf(names);
    }

    /** Installs a verified package; see {@link SignatureStripper} for why a copy goes to Deployment Admin. */
    private DeploymentPackage installThroughDeploymentAdmin(Path verified) throws IOException, DeploymentException {
        Path copy = verified.resolveSibling(verified.getFileName() + ".install");
        try {
            SignatureStripper.strip(verified, copy);
            try (InputStream in = Files.newInputStream(copy)) {
                return deploymentAdmin.installDeploymentPackage(in);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Bundles Deployment Admin installed (location osgi-dp:...) that no package it knows lists. */
    private List<String> orphans() {
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (DeploymentPackage p : deploymentAdmin.listDeploymentPackages()) {
            for (BundleInfo i : p.getBundleInfos()) {
                listed.add(i.getSymbolicName());
            }
        }
        List<String> orphans = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith("osgi-dp:") && !listed.contains(b.getSymbolicName())) {
                orphans.add(b.getSymbolicName() + " " + b.getVersion());
            }
        }
        return orphans;
    }

    /**
     * Installs {@code version} of the package from disk where Deployment Admin lost its record but left its
     * bundles. Deployment Admin may refuse bundles it does not know of; then they are uninstalled first
     * (their data areas go with them). Returns what was done, starting with "version" when it worked.
     */
    private String reinstallOverOrphans(String name, String version) {
        Path file = store.find(name, version).orElse(null);
        if (file == null) {
            return "could not put it back: version " + version + " is not on disk";
        }
        try {
            DeploymentPackage back;
            try {
                back = installThroughDeploymentAdmin(file);
            } catch (DeploymentException refused) {
                LOG.warn("Deployment Admin refused {} {} over the bundles it lost track of ({}); uninstalling them first",
                        name, version, refused.getMessage());
                for (Bundle b : context.getBundles()) {
                    if (b.getLocation().startsWith("osgi-dp:") && orphans().contains(b.getSymbolicName() + " " + b.getVersion())) {
                        b.uninstall();
                    }
                }
                back = installThroughDeploymentAdmin(file);
            }
            String dis = disagreement(back);
            if (dis != null && repair(back, version) != null) {
                return "could not put it back: " + dis;
            }
            return "version " + version + " installed again from disk";
        } catch (IOException | DeploymentException | org.osgi.framework.BundleException | RuntimeException e) {
            return "could not put it back: " + e.getMessage();
        }
    }

    /**
     * Updates each bundle of {@code dp} whose version is not the one Deployment Admin lists back to that
     * version, from the package kept on disk (what Deployment Admin would have done had its session
     * been rolled back), and starts it. In place: the bundles keep their data. Null when done, else why not.
     */
    private String repair(DeploymentPackage dp, String version) {
        Path file = store.find(dp.getName(), version).orElse(null);
        if (file == null) {
            return "version " + version + " is not on disk";
        }
        try (java.util.jar.JarInputStream jar = new java.util.jar.JarInputStream(Files.newInputStream(file), false)) {
            java.util.jar.Manifest manifest = jar.getManifest();
            for (java.util.jar.JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                java.util.jar.Attributes section = manifest.getAttributes(e.getName());
                String bsn = section == null ? null : section.getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    continue;
                }
                Bundle b = frameworkBundle(bsn.split(";")[0].trim());
                org.osgi.framework.Version wanted = org.osgi.framework.Version.parseVersion(section.getValue("Bundle-Version"));
                if (b != null && !b.getVersion().equals(wanted)) {
                    b.update(new java.io.FilterInputStream(jar) {
                        @Override
                        public void close() {
                            // the package's stream stays open for the next entry
                        }
                    });
                    b.start();
                }
            }
        } catch (IOException | org.osgi.framework.BundleException | RuntimeException e) {
            return e.getMessage();
        }
        return disagreement(dp);
    }

    /**
     * Null when every bundle Deployment Admin lists for the package is in the framework at the listed
     * version; otherwise what differs. Deployment Admin keeps its own record of a package's bundles, and
     * a session cut off by a power cut can leave it out of step with what actually runs.
     */
    private String disagreement(DeploymentPackage dp) {
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle b = frameworkBundle(info.getSymbolicName());
            if (b == null) {
                return "Deployment Admin lists " + info.getSymbolicName() + " " + info.getVersion() + " in " + dp.getName()
                        + " " + dp.getVersion() + ", but it is not installed";
            }
            if (!b.getVersion().equals(info.getVersion())) {
                return "Deployment Admin lists " + info.getSymbolicName() + " " + info.getVersion() + " in " + dp.getName()
                        + " " + dp.getVersion() + ", but " + b.getVersion() + " is installed";
            }
        }
        return null;
    }

    /**
     * The framework's bundle with this symbolic name, whatever its version: Felix Deployment Admin's
     * {@code getBundle} answers only for the version it has on record. Its own (location osgi-dp:...) first.
     */
    private Bundle frameworkBundle(String symbolicName) {
        Bundle any = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                if (b.getLocation().startsWith("osgi-dp:")) {
                    return b;
                }
                any = b;
            }
        }
        return any;
    }

    private List<Bundle> bundlesOf(DeploymentPackage dp) {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle b = dp.getBundle(info.getSymbolicName());
            if (b != null) {
                bundles.add(b);
            }
        }
        return bundles;
    }

    private List<Map<String, Object>> packages() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DeploymentPackage dp : deploymentAdmin.listDeploymentPackages()) {
            List<Map<String, Object>> bundles = new ArrayList<>();
            for (BundleInfo b : dp.getBundleInfos()) {
                bundles.add(Json.object("name", b.getSymbolicName(), "version", b.getVersion().toString()));
            }
            list.add(Json.object("name", dp.getName(), "version", dp.getVersion().toString(), "bundles", bundles));
        }
        return list;
    }

    private List<Map<String, Object>> bundles() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            list.add(Json.object("name", b.getSymbolicName(), "version", b.getVersion().toString(), "id", b.getBundleId(),
                    "state", state(b.getState())));
        }
        return list;
    }

    /**
     * What proves that no restart happened: the framework's UUID (OSGi Core 4.2.2: a new one at every
     * initialisation of the framework, so also at a restart inside the same process) and the process's
     * id and start time (a new process is a restart too). Equal before and after a deployment: no restart.
     */
    private Map<String, Object> framework() {
        ProcessHandle self = ProcessHandle.current();
        return Json.object("uuid", context.getProperty(org.osgi.framework.Constants.FRAMEWORK_UUID), "process.id", self.pid(),
                "process.started", self.info().startInstant().map(Instant::toString).orElse(null));
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static Map<String, Object> downloadNote(DownloadRequest r, String status, int pct, long size, String error) {
        return Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.version", r.version(), "dp.download.status", status,
                "dp.download.progress", pct, "dp.download.size", size, "dp.download.error", error);
    }

    private static Map<String, Object> installNote(DownloadRequest r, String status, String error) {
        return Json.object("job.id", r.jobId(), "dp.name", r.name(), "dp.version", r.version(), "dp.install.status", status,
                "dp.install.error", error);
    }

    private void fail(Record rec, DownloadRequest r, String reason, long t0) {
        rec.put("result", "FAILED");
        rec.put("reason", reason);
        post(DeployEvents.FAILED, Json.object(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.REASON, reason));
        finish(rec, t0);
    }

    /**
     * The job's last notification. The slot is freed first: a requester told that its deployment
     * ended may send the next request at once and must not be told another one is in progress.
     */
    private void end(CommandResponder responder, String resource, Map<String, Object> body) {
        running.set(null);
        responder.notify(resource, Json.bytes(body));
    }

    private void finish(Record rec, long t0) {
        rec.putIfAbsent("total.ms", millisSince(t0));
        try {
            journal.append(rec);
        } catch (IOException e) {
            LOG.error("Could not record job {} in {}: {}", rec.get("job.id"), journal.file(), e.getMessage());
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", p, e.getMessage());
        }
    }

    private void setHealth(HealthState state, String reason) {
        if (state == HealthState.UP) {
            // nothing failed; but a capability the gateway ships that is not installed is a capability gone
            List<String> gone = goneCapabilities();
            if (!gone.isEmpty()) {
                state = HealthState.DEGRADED;
                reason = goneReason(gone);
            } else if (reason.isEmpty()) {
                reason = upNote;
            }
        }
        Health before = health;
        Health after = before.next(state, reason, Instant.now());
        if (after != before) {
            health = after;
            post(HealthEvents.CHANGED, Json.object(HealthEvents.COMPONENT, HEALTH_NAME, HealthEvents.STATE, state.name(),
                    HealthEvents.PREVIOUS_STATE, before.state().name(), HealthEvents.REASON, after.reason(),
                    HealthEvents.SINCE, after.since().toEpochMilli()));
        }
    }

    private void post(String topic, Map<String, ?> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
    }

    /** One journal record, filled in as the job goes. */
    private static final class Record extends java.util.LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        Record(DownloadRequest r, CommandRequest request, String action) {
            put("time", Instant.now().toString());
            put("job.id", r.jobId());
            put("action", action);
            put("requester", request.requesterId());
            put("request.id", request.requestId());
            put("package", r.name());
            if (!r.version().isEmpty()) {
                put("version", r.version());
            }
        }

        @Override
        public Object put(String key, Object value) {
            return value == null ? null : super.put(key, value);
        }
    }
}
