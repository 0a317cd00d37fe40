package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.deploy.DeploymentRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment journal as the api's {@link DeploymentHistory}: one record per job (its last line wins, so an
 * {@code IN_PROGRESS} mark is replaced by how the job ended), newest first. Reads the journal file the agent
 * appends to; the parsed journal is kept until the file's size or time changes, so a page that asks every few
 * seconds costs a stat, not a parse.
 */
final class JournalHistory implements DeploymentHistory {

    private static final Logger LOG = LoggerFactory.getLogger(JournalHistory.class);

    private final DeploymentJournal journal;
    private List<DeploymentRecord> cached = List.of();
    private long cachedSize = -1;
    private FileTime cachedTime;

    JournalHistory(DeploymentJournal journal) {
        this.journal = journal;
    }

    @Override
    public List<DeploymentRecord> recent(int max) {
        if (max <= 0) {
            return List.of();
        }
        List<DeploymentRecord> all = all();
        return all.subList(0, Math.min(max, all.size()));
    }

    private synchronized List<DeploymentRecord> all() {
        Path file = journal.file();
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            long size = Files.size(file);
            FileTime time = Files.getLastModifiedTime(file);
            if (size != cachedSize || !time.equals(cachedTime)) {
                cached = collapse(journal.read());
                cachedSize = size;
                cachedTime = time;
            }
        } catch (IOException | RuntimeException e) {
            // what was read before stays; the reader is not the place to fail (the agent reports its journal)
            LOG.debug("the deployment journal {} could not be read", file, e);
        }
        return cached;
    }

    /** One record per job, the job's last line; newest job (by its first line) first. */
    static List<DeploymentRecord> collapse(List<JournalRecord> lines) {
        List<JournalRecord> jobs = new ArrayList<>();
        for (JournalRecord line : lines) {
            int same = -1;
            for (int i = jobs.size() - 1; i >= 0 && same < 0; i--) {
                if (jobs.get(i).sameJob(line)) {
                    same = i;
                }
            }
            if (same >= 0) {
                jobs.set(same, line);
            } else {
                jobs.add(line);
            }
        }
        List<DeploymentRecord> out = new ArrayList<>(jobs.size());
        for (JournalRecord r : jobs) {
            out.add(new DeploymentRecord(time(r.time), r.jobId == null ? -1 : r.jobId, r.action, r.requester,
                    r.packageName, r.version, r.previousVersion, r.result == null ? null : r.result.name(), r.reason,
                    r.totalMillis == null ? -1 : r.totalMillis));
        }
        Collections.reverse(out);
        return List.copyOf(out);
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
