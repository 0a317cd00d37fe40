package org.cabinetgw.deploy.internal;

import java.util.Map;

/**
 * The answers to GET/download and GET/install, as Kura gives them: the download in progress (status IN_PROGRESS,
 * its progress in percent, its size and job) or, with none, "ALREADY DONE" at 100 %; the install in progress
 * (IN_PROGRESS, its package and job) or IDLE.
 */
final class StatusReplies {

    /** Kura's words for a download that is not running. */
    static final String ALREADY_DONE = "ALREADY DONE";

    private StatusReplies() {
    }

    static Map<String, Object> download(JobProgress.Snapshot s) {
        if (s.phase() != JobProgress.Phase.DOWNLOADING) {
            return Json.object("dp.download.size", 0, "dp.download.progress", 100, "dp.download.status", ALREADY_DONE);
        }
        DownloadRequest r = s.request();
        return Json.object("dp.download.size", Math.max(0, s.total()), "dp.download.progress", s.percent(),
                "dp.download.status", "IN_PROGRESS", "job.id", r.jobId(), "dp.name", r.name(), "dp.version", r.version());
    }

    static Map<String, Object> install(JobProgress.Snapshot s) {
        if (s.phase() != JobProgress.Phase.INSTALLING) {
            return Json.object("dp.install.status", "IDLE");
        }
        DownloadRequest r = s.request();
        return Json.object("dp.install.status", "IN_PROGRESS", "job.id", r.jobId(), "dp.name", r.name(), "dp.version",
                r.version());
    }
}
