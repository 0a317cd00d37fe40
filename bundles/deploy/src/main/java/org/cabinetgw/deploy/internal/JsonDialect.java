package org.cabinetgw.deploy.internal;

import java.util.Map;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;

/** DEPLOY-V2 as JSON objects with Kura's field names (see {@link RequestParser}). */
final class JsonDialect implements DeployDialect {

    static final JsonDialect INSTANCE = new JsonDialect();

    private JsonDialect() {
    }

    @Override
    public DownloadRequest download(CommandRequest request, boolean allowHttp) throws RequestException {
        return RequestParser.download(request.body(), allowHttp);
    }

    @Override
    public DownloadRequest install(CommandRequest request) throws RequestException {
        return RequestParser.installDownloaded(request.body());
    }

    @Override
    public DownloadRequest uninstall(CommandRequest request) throws RequestException {
        return RequestParser.uninstall(request.body());
    }

    @Override
    public void reply(CommandResponder responder, int status, Map<String, Object> fields) {
        responder.reply(status, Json.bytes(fields));
    }

    @Override
    public void notify(CommandResponder responder, String resource, Map<String, Object> fields) {
        responder.notify(resource, Json.bytes(fields));
    }

    @Override
    public void packages(CommandResponder responder, Listings listings) {
        reply(responder, CommandResponder.OK, Json.object("packages", listings.packages()));
    }

    @Override
    public void bundles(CommandResponder responder, Listings listings) {
        reply(responder, CommandResponder.OK, Json.object("bundles", listings.bundles(), "framework", listings.framework()));
    }
}
