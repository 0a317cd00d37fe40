package org.cabinetgw.uplink.internal.kura;

/**
 * Bytes that are not a KuraPayload we accept: not protobuf, cut short, a metric whose value does not match its
 * type, too large. The message says what, in words an operator can act on; it is an expected fault (one WARN
 * line where it is logged), never a stack trace.
 */
public final class KuraPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    public KuraPayloadException(String message) {
        super(message);
    }

    public KuraPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
