package org.cabinetgw.deploy.internal;

import java.util.Map;

/**
 * How DEPLOY-V2 requests are read and replies written on the wire. The agent works on what a dialect decodes
 * (a checked {@link DownloadRequest}) and hands it replies and notifications as named fields (Kura's names:
 * {@code job.id}, {@code dp.name}, {@code dp.download.status}, ...); only the dialect knows the bytes. Today's is
 * {@link JsonDialect}; Kura's protobuf KuraPayload (fields as metrics) is another: {@link RequestRouter#dialect}
 * is the one place that chooses.
 */
interface DeployDialect {

    /** EXEC/download: dp.uri, dp.name, dp.version, job.id, dp.download.hash, optional dp.install and dp.force. */
    DownloadRequest download(byte[] body, boolean allowHttp) throws RequestException;

    /** EXEC/install of a package downloaded before: dp.name, dp.version, job.id, optional dp.force. */
    DownloadRequest install(byte[] body) throws RequestException;

    /** EXEC/uninstall: dp.name, job.id, optional dp.force. */
    DownloadRequest uninstall(byte[] body) throws RequestException;

    /** A reply's or notification's fields as bytes; null values are left out. */
    byte[] encode(Map<String, Object> fields);
}
