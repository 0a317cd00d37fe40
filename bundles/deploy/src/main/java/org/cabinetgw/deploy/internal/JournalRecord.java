package org.cabinetgw.deploy.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.cabinetgw.deploy.CommandRequest;

/**
 * One job's line in the journal, filled in as the job goes: who asked, what, the hashes, the timings and how it
 * ended. The line's JSON names are those of the journal file ({@code job.id}, {@code sha256.actual}, ...); a
 * field not set is not written.
 */
final class JournalRecord {

    String time;
    /** Null when the line's job.id is not a number (such a line closes no job). */
    Long jobId;
    String action;
    String requester;
    String requestId;
    String packageName;
    String version;
    String uri;
    String sha256Expected;
    Long size;
    String sha256Actual;
    Long downloadMillis;
    String signer;
    String previousVersion;
    Long installMillis;
    Long gateMillis;
    JobResult result;
    String reason;
    Long totalMillis;

    /** A job's record as it begins. */
    static JournalRecord begin(DownloadRequest r, CommandRequest request, String action) {
        JournalRecord rec = new JournalRecord();
        rec.time = Instant.now().toString();
        rec.jobId = r.jobId();
        rec.action = action;
        rec.requester = request.requesterId();
        rec.requestId = request.requestId();
        rec.packageName = r.name();
        rec.version = r.version().isEmpty() ? null : r.version();
        return rec;
    }

    /** The mark written before Deployment Admin is called: this record so far, now, IN_PROGRESS. */
    JournalRecord inProgressMark() {
        JournalRecord mark = fromMap(toMap());
        mark.time = Instant.now().toString();
        mark.result = JobResult.IN_PROGRESS;
        return mark;
    }

    boolean isSeedJob() {
        return SeedList.REQUESTER.equals(requester);
    }

    /** Whether both lines are of one job: the same numeric job id and the same package. */
    boolean sameJob(JournalRecord other) {
        return jobId != null && other.jobId != null && jobId.longValue() == other.jobId.longValue()
                && Objects.equals(packageName, other.packageName);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "time", time);
        put(m, "job.id", jobId);
        put(m, "action", action);
        put(m, "requester", requester);
        put(m, "request.id", requestId);
        put(m, "package", packageName);
        put(m, "version", version);
        put(m, "uri", uri);
        put(m, "sha256.expected", sha256Expected);
        put(m, "size", size);
        put(m, "sha256.actual", sha256Actual);
        put(m, "download.ms", downloadMillis);
        put(m, "signer", signer);
        put(m, "previous.version", previousVersion);
        put(m, "install.ms", installMillis);
        put(m, "gate.ms", gateMillis);
        put(m, "result", result == null ? null : result.name());
        put(m, "reason", reason);
        put(m, "total.ms", totalMillis);
        return m;
    }

    /** A line read from the journal (numbers as JSON gives them, any type in any field: it is checked here). */
    static JournalRecord fromMap(Map<String, Object> m) {
        JournalRecord rec = new JournalRecord();
        rec.time = text(m, "time");
        rec.jobId = number(m, "job.id");
        rec.action = text(m, "action");
        rec.requester = text(m, "requester");
        rec.requestId = text(m, "request.id");
        rec.packageName = text(m, "package");
        rec.version = text(m, "version");
        rec.uri = text(m, "uri");
        rec.sha256Expected = text(m, "sha256.expected");
        rec.size = number(m, "size");
        rec.sha256Actual = text(m, "sha256.actual");
        rec.downloadMillis = number(m, "download.ms");
        rec.signer = text(m, "signer");
        rec.previousVersion = text(m, "previous.version");
        rec.installMillis = number(m, "install.ms");
        rec.gateMillis = number(m, "gate.ms");
        rec.result = JobResult.parse(m.get("result"));
        rec.reason = text(m, "reason");
        rec.totalMillis = number(m, "total.ms");
        return rec;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String text(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    private static Long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : null;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
