package org.cabinetgw.deploy.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the cloud is told when the agent fails in a way it did not foresee (a bug, an exhausted
 * resource): a short reason and an incident id, never the exception. An exception's text may carry
 * paths, host names, class names or fragments of data — nothing a remote party needs, and a help to an
 * attacker. The full detail, stack trace included, goes to the gateway's log under the same incident
 * id, so an integrator who is given the id finds it.
 */
final class InternalFailure {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InternalFailure() {
    }

    /** A new incident id: 8 hex digits, enough to find one line in a gateway's log. */
    static String newIncident() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The body of the 500 reply for an incident. */
    static Map<String, Object> replyBody(String incident) {
        return Json.object("error", "internal error in the deploy agent; the gateway's log has the details under incident "
                + incident, "incident", incident);
    }
}
