package org.eclipse.kura;

/**
 * Declaration of Kura's checked exception (what {@code CloudPublisher.publish} throws): constructed with an error
 * code, optionally with a cause and arguments for its message.
 */
public class KuraException extends Exception {

    private static final long serialVersionUID = 1L;

    private final KuraErrorCode code;

    public KuraException(KuraErrorCode code) {
        this(code, null, (Object[]) null);
    }

    public KuraException(KuraErrorCode code, Object... arguments) {
        this(code, null, arguments);
    }

    public KuraException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(code == null ? null : code.name(), cause);
        this.code = code;
    }

    public KuraErrorCode getCode() {
        return code;
    }
}
