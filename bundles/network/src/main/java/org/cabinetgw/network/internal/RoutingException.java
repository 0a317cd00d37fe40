package org.cabinetgw.network.internal;

/** A routing change could not be applied; the message says what was tried and what happened. */
final class RoutingException extends Exception {

    private static final long serialVersionUID = 1L;

    RoutingException(String message) {
        super(message);
    }
}
