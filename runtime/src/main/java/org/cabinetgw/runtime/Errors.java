package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in words: Java's file exceptions carry the path as their message and the
 * reason only in their type or in a second field ("cannot start: /proc/x" said nothing). Pure; unit tested.
 */
final class Errors {

    private Errors() {
    }

    /** The reason alone, e.g. "permission denied", "not a directory", "read-only file system". */
    static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "exists and is not a directory";
        }
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason();
            if (reason != null && !reason.isBlank()) {
                return reason.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + reason.substring(1);
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * A failed start's message: for a file error the path(s) and the reason ("/proc/x/framework: no such file
     * or directory"), else the exception's own message (the launcher's own exceptions are sentences).
     */
    static String explain(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + cause(e);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? cause(e) : m;
    }

    /** "the data directory X cannot be used: Y: why", the path left out when it is X itself. */
    static String dataDirectory(java.nio.file.Path dir, FileSystemException e) {
        java.nio.file.Path root = dir.toAbsolutePath().normalize();
        boolean itself = e.getFile() != null && java.nio.file.Path.of(e.getFile()).toAbsolutePath().normalize().equals(root);
        return "the data directory " + root + " cannot be used: " + (itself || e.getFile() == null ? cause(e) : explain(e));
    }
}
