package org.eclipse.kura;

/**
 * Declaration of a few constants of Kura's error codes, enough for {@link KuraException} to be constructed in tests.
 * Kura's own enum has many more; on a Kura gateway the real one is used (our bundles only read {@code name()}).
 */
public enum KuraErrorCode {
    NOT_CONNECTED,
    SERVICE_UNAVAILABLE,
    INTERNAL_ERROR,
    OPERATION_NOT_SUPPORTED
}
