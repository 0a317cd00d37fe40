package org.cabinetgw.deploy.internal;

/** A malformed request: {@link #field()} names what is wrong, the message says how. */
final class RequestException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String field;

    RequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
