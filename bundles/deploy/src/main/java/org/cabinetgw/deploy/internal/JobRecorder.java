package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.util.Map;

import org.cabinetgw.deploy.DeployEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every job ends: its journal record, its event, its last notification (after the slot is freed). */
final class JobRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(JobRecorder.class);

    private final DeploymentJournal journal;
    private final JobQueue queue;
    private final EventSink events;

    JobRecorder(DeploymentJournal journal, JobQueue queue, EventSink events) {
        this.journal = journal;
        this.queue = queue;
        this.events = events;
    }

    /** What the running job is doing (see {@link JobQueue#progress}). */
    JobProgress progress() {
        return queue.progress();
    }

    DeploymentJournal journal() {
        return journal;
    }

    void post(String topic, Map<String, ?> properties) {
        events.post(topic, properties);
    }

    /**
     * Written before Deployment Admin is called: the job's final record follows when it ends. A power cut (or a
     * killed JVM) between the two leaves this one open, and the next activation finishes the job.
     */
    void markInProgress(JournalRecord rec) {
        try {
            journal.append(rec.inProgressMark());
        } catch (IOException e) {
            LOG.error("Could not record job {} as in progress in {}: {}", rec.jobId, journal.file(), e.getMessage());
        }
    }

    void fail(JournalRecord rec, DownloadRequest r, String reason, long t0) {
        rec.result = JobResult.FAILED;
        rec.reason = reason;
        events.post(DeployEvents.FAILED, Json.object(DeployEvents.JOB_ID, r.jobId(), DeployEvents.PACKAGE, r.name(),
                DeployEvents.VERSION, r.version(), DeployEvents.REASON, reason));
        finish(rec, t0);
    }

    void finish(JournalRecord rec, long t0) {
        if (rec.totalMillis == null) {
            rec.totalMillis = millisSince(t0);
        }
        try {
            journal.append(rec);
        } catch (IOException e) {
            LOG.error("Could not record job {} in {}: {}", rec.jobId, journal.file(), e.getMessage());
        }
    }

    /** The job's last notification; the slot is freed first (see {@link JobQueue#free}). */
    void end(Requester requester, String resource, Map<String, Object> body) {
        queue.free();
        requester.notify(resource, body);
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
