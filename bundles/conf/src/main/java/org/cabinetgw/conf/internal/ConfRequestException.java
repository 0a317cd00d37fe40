package org.cabinetgw.conf.internal;

/**
 * A CONF-V1 request refused: the reply's code and the sentence that goes back as {@code response.exception.message}.
 * An expected fault (malformed XML, an unknown PID, a wrong value), so no stack trace is logged for it.
 */
final class ConfRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    ConfRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
