package org.cabinetgw.deploy.internal;

import java.util.Map;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;

/**
 * How DEPLOY-V2 requests are read and replies written on the wire. The agent works on what a dialect decodes
 * (a checked {@link DownloadRequest}) and hands it replies and notifications as named fields (Kura's names:
 * {@code job.id}, {@code dp.name}, {@code dp.download.status}, ...); only the dialect knows the bytes and the
 * types. {@link JsonDialect}: JSON objects; {@link KuraDeployDialect}: Kura's typed metrics and XML documents.
 * {@link RequestRouter#dialect} is the one place that chooses.
 */
interface DeployDialect {

    /** EXEC/download: dp.uri, dp.name, dp.version, job.id, dp.download.hash, optional dp.install and dp.force. */
    DownloadRequest download(CommandRequest request, boolean allowHttp) throws RequestException;

    /** EXEC/install of a package downloaded before: dp.name, dp.version, job.id, optional dp.force. */
    DownloadRequest install(CommandRequest request) throws RequestException;

    /** EXEC/uninstall: dp.name, job.id, optional dp.force. */
    DownloadRequest uninstall(CommandRequest request) throws RequestException;

    /** The reply of these fields (null values are left out; {@code error} is the error's text). */
    void reply(CommandResponder responder, int status, Map<String, Object> fields);

    /** A notification of these fields under {@code resource} (download, install, uninstall). */
    void notify(CommandResponder responder, String resource, Map<String, Object> fields);

    /** GET/packages answered: the packages Deployment Admin knows, each with its bundles. */
    void packages(CommandResponder responder, Listings listings);

    /** GET/bundles answered: every bundle of the framework. */
    void bundles(CommandResponder responder, Listings listings);
}
