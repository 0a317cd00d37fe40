package org.cabinetgw.deploy.internal;

import java.util.Map;

/** DEPLOY-V2 as JSON objects with Kura's field names (see {@link RequestParser}). */
final class JsonDialect implements DeployDialect {

    static final JsonDialect INSTANCE = new JsonDialect();

    private JsonDialect() {
    }

    @Override
    public DownloadRequest download(byte[] body, boolean allowHttp) throws RequestException {
        return RequestParser.download(body, allowHttp);
    }

    @Override
    public DownloadRequest install(byte[] body) throws RequestException {
        return RequestParser.installDownloaded(body);
    }

    @Override
    public DownloadRequest uninstall(byte[] body) throws RequestException {
        return RequestParser.uninstall(body);
    }

    @Override
    public byte[] encode(Map<String, Object> fields) {
        return Json.bytes(fields);
    }
}
