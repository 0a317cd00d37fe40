package org.cabinetgw.deploy.internal;

/**
 * What the job holding the slot is doing now, for the status requests ({@code GET/download}, {@code GET/install})
 * and for {@code DEL/download}, which asks the download in progress to stop. Written by the worker, read by
 * whichever thread delivers a request; one immutable {@link Snapshot} at a time, so a reader never sees a request
 * of one job with the byte count of another.
 */
final class JobProgress {

    enum Phase { IDLE, DOWNLOADING, INSTALLING, UNINSTALLING }

    /** One moment of the job: its request (null when idle), bytes received and announced (-1: not said). */
    record Snapshot(Phase phase, DownloadRequest request, long received, long total) {
        /** Whole percent of the announced size; 0 while the size is unknown. */
        int percent() {
            return total > 0 ? (int) Math.min(100, received * 100 / total) : 0;
        }
    }

    /** Thrown from the download's progress callback once the requester cancelled it: the download stops there. */
    static final class Cancelled extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("the download was cancelled by a DEL/download request");
        }
    }

    private static final Snapshot IDLE = new Snapshot(Phase.IDLE, null, 0, -1);

    private volatile Snapshot now = IDLE;
    /** The download (by its request object) a DEL/download asked to stop; null when none. */
    private volatile DownloadRequest cancelled;

    Snapshot now() {
        return now;
    }

    void downloading(DownloadRequest r) {
        now = new Snapshot(Phase.DOWNLOADING, r, 0, -1);
    }

    /** Bytes arrived; throws {@link Cancelled} when this download was cancelled meanwhile. */
    void received(DownloadRequest r, long received, long total) throws Cancelled {
        if (cancelled == r) {
            throw new Cancelled();
        }
        now = new Snapshot(Phase.DOWNLOADING, r, received, total);
    }

    void installing(DownloadRequest r) {
        now = new Snapshot(Phase.INSTALLING, r, 0, -1);
    }

    void uninstalling(DownloadRequest r) {
        now = new Snapshot(Phase.UNINSTALLING, r, 0, -1);
    }

    /** The job ended (its slot freed). */
    void idle() {
        cancelled = null;
        now = IDLE;
    }

    /**
     * Asks the download in progress to stop at its next read (a server that sends nothing is stopped by the read
     * timeout as always). Returns its request, or null when no download is in progress.
     */
    DownloadRequest cancelDownload() {
        Snapshot s = now;
        if (s.phase() != Phase.DOWNLOADING) {
            return null;
        }
        cancelled = s.request();
        return s.request();
    }
}
