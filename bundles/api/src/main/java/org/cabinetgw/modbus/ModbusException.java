package org.cabinetgw.modbus;

import java.io.IOException;

/** A Modbus request failed; {@link #kind()} says how, so a caller can tell a busy device from a dead line. */
public class ModbusException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The device answered with a Modbus exception response; see {@link #exceptionCode()}. */
        EXCEPTION_RESPONSE,
        /** No (complete) answer within the endpoint's timeout. */
        TIMEOUT,
        /** The line could not be opened or broke; the master reconnects with backoff. */
        CONNECTION,
        /** An answer arrived but was not a valid answer to the request (bad length, CRC, function, unit). */
        MALFORMED,
        /** The line has been closed by its owner. */
        CLOSED,
        /**
         * A write refused before it reached the line: this gateway does not act for the cabinet (the standby of an
         * active/standby pair; bundles/ha). Reads go on. Since 1.2.
         */
        NOT_ACTING
    }

    /** Exception code 1: the function is not supported by the device. */
    public static final int ILLEGAL_FUNCTION = 1;
    /** Exception code 2: the address range is not valid on the device. */
    public static final int ILLEGAL_DATA_ADDRESS = 2;
    /** Exception code 3: a value in the request is not valid. */
    public static final int ILLEGAL_DATA_VALUE = 3;
    /** Exception code 4: the device failed while serving the request. */
    public static final int SERVER_DEVICE_FAILURE = 4;
    /** Exception code 6: the device is busy; try again later. */
    public static final int SERVER_DEVICE_BUSY = 6;
    /** Exception code 11: a gateway got no answer from the target device. */
    public static final int GATEWAY_TARGET_FAILED = 11;

    private final Kind kind;
    private final int exceptionCode;

    public ModbusException(Kind kind, String message) {
        this(kind, 0, message, null);
    }

    public ModbusException(Kind kind, String message, Throwable cause) {
        this(kind, 0, message, cause);
    }

    public ModbusException(Kind kind, int exceptionCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.exceptionCode = exceptionCode;
    }

    /** An exception response from the device. */
    public static ModbusException response(int code, String message) {
        return new ModbusException(Kind.EXCEPTION_RESPONSE, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The Modbus exception code (1-255) when {@link #kind()} is EXCEPTION_RESPONSE, otherwise 0. */
    public int exceptionCode() {
        return exceptionCode;
    }
}
