package org.cabinetgw.deploy.internal;

import java.util.Map;

import org.cabinetgw.deploy.CommandResponder;

/**
 * Where a request's reply and its job's notifications go, encoded in the dialect the request came in. The jobs
 * only ever hand it fields; {@link #NOBODY} is the requester of a seed or a recovered job (nobody waits: the
 * journal and the health tell).
 */
final class Requester {

    static final Requester NOBODY = new Requester(null, JsonDialect.INSTANCE);

    private final CommandResponder responder;
    private final DeployDialect dialect;

    Requester(CommandResponder responder, DeployDialect dialect) {
        this.responder = responder;
        this.dialect = dialect;
    }

    void reply(int status, Map<String, Object> fields) {
        if (responder != null) {
            responder.reply(status, dialect.encode(fields));
        }
    }

    void notify(String resource, Map<String, Object> fields) {
        if (responder != null) {
            responder.notify(resource, dialect.encode(fields));
        }
    }
}
