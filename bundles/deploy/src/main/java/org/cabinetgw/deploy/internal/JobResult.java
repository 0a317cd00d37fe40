package org.cabinetgw.deploy.internal;

/** How a job ended, as its journal record says ({@code result}); {@link #IN_PROGRESS} while it has not. */
enum JobResult {
    /** Written before Deployment Admin is called; a later record of the same job closes it (see JournalRecovery). */
    IN_PROGRESS,
    /** Downloaded and verified, kept on disk, not installed ({@code dp.install} false). */
    DOWNLOADED,
    INSTALLED,
    FAILED,
    /** Did not come up; the previous version (or nothing) is back and came up. */
    ROLLED_BACK,
    /** Did not come up, and neither did what it was rolled back to. */
    ROLLBACK_FAILED,
    UNINSTALLED;

    /** The result a journal line names, or null for anything else (a torn or foreign line). */
    static JobResult parse(Object text) {
        for (JobResult r : values()) {
            if (r.name().equals(text)) {
                return r;
            }
        }
        return null;
    }
}
