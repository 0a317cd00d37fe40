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
            dialect.reply(responder, status, fields);
        }
    }

    void notify(String resource, Map<String, Object> fields) {
        if (responder != null) {
            dialect.notify(responder, resource, fields);
        }
    }

    void packages(Listings listings) {
        if (responder != null) {
            dialect.packages(responder, listings);
        }
    }

    void bundles(Listings listings) {
        if (responder != null) {
            dialect.bundles(responder, listings);
        }
    }
}
