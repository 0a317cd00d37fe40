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
 */
record DownloadRequest(URI uri, String name, String version, long jobId, String sha256, boolean install, boolean force) {
}
