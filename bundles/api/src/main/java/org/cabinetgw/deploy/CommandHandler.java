package org.cabinetgw.deploy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a handler of remote requests for one application, in the manner of Kura's
 * cloud services (request topic {@code <prefix>/<client-id>/<app-id>/<METHOD>/<resource...>}). It is
 * registered with the service property {@link #APP_ID}; a command channel (the MQTT uplink) tracks
 * these services, subscribes to each application's request topic and calls {@link #handle} once per
 * request.
 *
 * <p>{@link #handle} must return quickly: a long operation replies at once (accepted) and reports
 * its progress and end through {@link CommandResponder#notify}.
 */
@ConsumerType
public interface CommandHandler {

    /** Service property (String): the application id requests are addressed to, e.g. {@code DEPLOY-V2}. */
    String APP_ID = "command.app.id";

    /**
     * Handles one request. Exactly one {@link CommandResponder#reply} must follow, from this call or
     * later; malformed requests are answered with {@link CommandResponder#BAD_REQUEST} and a message
     * naming the field, never with an exception.
     */
    void handle(CommandRequest request, CommandResponder responder);
}
