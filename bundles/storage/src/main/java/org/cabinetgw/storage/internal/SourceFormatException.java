package org.cabinetgw.storage.internal;

/**
 * Input from the system (a /proc file, a command's output) is not in the expected format. The message
 * says where and what; callers log it without a stack trace and report the source DOWN.
 */
public class SourceFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public SourceFormatException(String message) {
        super(message);
    }
}
