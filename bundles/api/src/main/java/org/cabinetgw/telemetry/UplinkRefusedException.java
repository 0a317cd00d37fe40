package org.cabinetgw.telemetry;

/** The uplink did not accept a message; {@link #reason()} says why in a word, the message in a sentence. */
public class UplinkRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a message was refused. */
    public enum Reason {
        /** Larger than the configured maximum message size. */
        TOO_LARGE,
        /** The queue is full and nothing of lower priority can be evicted. */
        QUEUE_FULL,
        /** The store could not write it (disk full, I/O error). */
        STORAGE_ERROR,
        /** The uplink is stopping or not yet started. */
        UNAVAILABLE
    }

    private final Reason reason;

    public UplinkRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UplinkRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
