package org.cabinetgw.deploy.internal;

import java.util.List;
import java.util.Locale;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEPLOY-V2 resource routing: who may ask, which resource, the request decoded and checked, the reply encoded,
 * a job queued. The one place that chooses how a request is read and a reply written ({@link #dialect}); below it
 * everything works on decoded requests and named fields.
 */
final class RequestRouter {

    /** The reply to a requester not in {@code command.requesters}, and to a request that needs {@code dp.force}. */
    static final int FORBIDDEN = 403;
    static final String RESOURCES = "EXEC/download, EXEC/install, EXEC/uninstall, GET/packages, GET/bundles, "
            + "GET/download, GET/install, DEL/download";
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final AgentSettings settings;
    private final CommandPolicy policy;
    /** False on the standby of a pair (no DeployPermit): EXEC requests are carried out by the active only. */
    private final java.util.function.BooleanSupplier acting;
    private final PackageStore store;
    private final InstalledPackages packages;
    private final Listings listings;
    private final RemoteJobs jobs;
    private final JobQueue queue;

    RequestRouter(AgentSettings settings, CommandPolicy policy, PackageStore store, InstalledPackages packages,
            Listings listings, RemoteJobs jobs, JobQueue queue, java.util.function.BooleanSupplier acting) {
        this.acting = acting;
        this.settings = settings;
        this.policy = policy;
        this.store = store;
        this.packages = packages;
        this.listings = listings;
        this.jobs = jobs;
        this.queue = queue;
    }

    /**
     * How this request is read and its replies written: Kura's typed metrics when the channel delivered the request
     * as metrics (it speaks Kura's protocol), JSON otherwise. Nothing below changes with it.
     */
    static DeployDialect dialect(CommandRequest request) {
        return request.metrics() != null ? KuraDeployDialect.INSTANCE : JsonDialect.INSTANCE;
    }

    void handle(CommandRequest request, CommandResponder responder) {
        DeployDialect dialect = dialect(request);
        Requester requester = new Requester(responder, dialect);
        String resource = request.method().toUpperCase(Locale.ROOT) + "/" + String.join("/", request.resources());
        if (!policy.allows(request.requesterId())) {
            LOG.warn("Refused a {} request from {}: not in command.requesters", resource, request.requesterId());
            requester.reply(FORBIDDEN, Json.object("error", "requester '" + request.requesterId()
                    + "' is not allowed to send requests to this gateway (command.requesters)"));
            return;
        }
        if (resource.startsWith("EXEC/") && !acting.getAsBoolean()) {
            LOG.warn("Refused a {} request from {}: {}", resource, request.requesterId(), DeployPermit.NOT_ACTING);
            requester.reply(CommandResponder.BUSY, Json.object("error", DeployPermit.NOT_ACTING));
            return;
        }
        try {
            switch (resource) {
                case "EXEC/download" -> download(dialect.download(request, settings.allowHttp()), request, requester);
                case "EXEC/install" -> install(dialect.install(request), request, requester);
                case "EXEC/uninstall" -> uninstall(dialect.uninstall(request), request, requester);
                case "GET/packages" -> requester.packages(listings);
                case "GET/bundles" -> requester.bundles(listings);
                case "GET/download" -> requester.reply(CommandResponder.OK, StatusReplies.download(queue.progress().now()));
                case "GET/install" -> requester.reply(CommandResponder.OK, StatusReplies.install(queue.progress().now()));
                case "DEL/download" -> cancelDownload(request, requester);
                default -> requester.reply(CommandResponder.NOT_FOUND, Json.object("error",
                        "unknown resource " + resource + "; known: " + RESOURCES));
            }
        } catch (RequestException e) {
            LOG.warn("Refused a {} request from {}: {}", resource, request.requesterId(), e.getMessage());
            requester.reply(CommandResponder.BAD_REQUEST, Json.object("error", e.getMessage(), "field", e.field()));
        } catch (RuntimeException e) {
            // Never the exception to the cloud (the channel would send its text): a safe reason and an id.
            String incident = InternalFailure.newIncident();
            LOG.error("A {} request from {} failed (incident {})", resource, request.requesterId(), incident, e);
            requester.reply(CommandResponder.ERROR, InternalFailure.replyBody(incident));
        }
    }

    /** DEL/download: the download in progress stops at its next read; its job ends with a CANCELLED notification. */
    private void cancelDownload(CommandRequest request, Requester requester) {
        DownloadRequest r = queue.progress().cancelDownload();
        if (r == null) {
            requester.reply(CommandResponder.NOT_FOUND, Json.object("error", "no download is in progress"));
            return;
        }
        LOG.info("Download of {} {} (job {}) cancelled by {}", r.name(), r.version(), r.jobId(), request.requesterId());
        requester.reply(CommandResponder.OK, Json.object("job.id", r.jobId(), "dp.download.status", "CANCELLED"));
    }

    private void download(DownloadRequest r, CommandRequest request, Requester requester) throws RequestException {
        String host = r.uri().getHost().toLowerCase(Locale.ROOT);
        if (!settings.downloadHosts().isEmpty() && !settings.downloadHosts().contains(host)) {
            throw new RequestException(RequestParser.URI_FIELD, RequestParser.URI_FIELD + ": host " + host
                    + " is not one of download.hosts");
        }
        submit(r, requester, () -> jobs.download(r, request, requester));
    }

    private void install(DownloadRequest r, CommandRequest request, Requester requester) {
        if (store.find(r.name(), r.version()).isEmpty()) {
            requester.reply(CommandResponder.NOT_FOUND, Json.object("error",
                    r.name() + " " + r.version() + " has not been downloaded", "job.id", r.jobId()));
            return;
        }
        submit(r, requester, () -> jobs.installDownloaded(r, request, requester));
    }

    private void uninstall(DownloadRequest r, CommandRequest request, Requester requester) {
        DeploymentPackage dp = packages.get(r.name());
        if (dp == null) {
            requester.reply(CommandResponder.NOT_FOUND, Json.object("error",
                    "no package " + r.name() + " is installed", "job.id", r.jobId()));
            return;
        }
        List<String> essential = policy.essential(InstalledPackages.bundleNames(dp));
        if (!essential.isEmpty() && !r.force()) {
            LOG.warn("Refused to uninstall {} for {}: it carries {}", r.name(), request.requesterId(), essential);
            requester.reply(FORBIDDEN, Json.object("error", r.name() + " carries "
                    + String.join(", ", essential) + ": without it the cloud cannot reach this gateway's "
                    + "deploy agent again; send dp.force true to uninstall it all the same", "field",
                    RequestParser.FORCE, "job.id", r.jobId()));
            return;
        }
        submit(r, requester, () -> jobs.uninstall(r, request, requester));
    }

    /** The job queued and the request told ACCEPTED; or told that another deployment holds the slot. */
    private void submit(DownloadRequest r, Requester requester, Runnable job) {
        JobToken token = queue.claim(r.name() + " (job " + r.jobId() + ")");
        if (token == null) {
            requester.reply(CommandResponder.BUSY, Json.object("error",
                    "another deployment is in progress: " + queue.holder() + "; send the request again when it ends",
                    "job.id", r.jobId()));
            return;
        }
        if (!queue.run(token, job)) {
            requester.reply(CommandResponder.ERROR, Json.object("error", "the deploy agent is stopping", "job.id", r.jobId()));
            return;
        }
        requester.reply(CommandResponder.OK, Json.object("job.id", r.jobId(), "status", "ACCEPTED"));
    }
}
