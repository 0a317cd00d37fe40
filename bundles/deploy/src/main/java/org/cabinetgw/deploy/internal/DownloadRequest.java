package org.cabinetgw.deploy.internal;

import java.net.URI;

/**
 * A DEPLOY-V2 download request after validation.
 *
 * @param uri     where the package is ({@code dp.uri})
 * @param name    the package's symbolic name ({@code dp.name}); the package must carry this name
 * @param version the package's version ({@code dp.version}); the package must carry this version
 * @param jobId   the requester's job id ({@code job.id})
 * @param sha256  the expected SHA-256 of the file, lower-case hex ({@code dp.download.hash} = {@code SHA256:<hex>})
 * @param install install once downloaded ({@code dp.install}, default true)
 * @param force   also when it removes the command channel or the deploy agent ({@code dp.force}, default false)
 * @param options the download's block size, notify block size, timeout and block delay (Kura's metrics)
 */
record DownloadRequest(URI uri, String name, String version, long jobId, String sha256, boolean install, boolean force,
        DownloadOptions options) {

    /** A request without download options (install, uninstall, a seed, a recovery): the agent's settings alone. */
    DownloadRequest(URI uri, String name, String version, long jobId, String sha256, boolean install, boolean force) {
        this(uri, name, version, jobId, sha256, install, force, DownloadOptions.NONE);
    }
}
