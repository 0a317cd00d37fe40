package org.cabinetgw.deploy.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One deployment at a time, on the agent's own worker thread: a job runs only once it holds the slot, a request
 * while another job holds it is told who does. Recovery and seed installation hold the slot too, so that a
 * request never overtakes the job a restart interrupted.
 */
final class JobQueue {

    private final ExecutorService worker;
    private final AtomicReference<JobToken> running = new AtomicReference<>();
    /** What the job holding the slot is doing; idle again whenever the slot is freed. */
    private final JobProgress progress = new JobProgress();

    JobQueue(String threadName) {
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The slot for a new job, or null (nothing changed) while another job holds it. */
    JobToken claim(String label) {
        JobToken token = new JobToken(label);
        return running.compareAndSet(null, token) ? token : null;
    }

    /** The slot, whoever held it: the recovery at activation comes first. */
    JobToken take(String label) {
        JobToken token = new JobToken(label);
        running.set(token);
        return token;
    }

    /** Holds the slot for {@code token} again (the seed loop, after a seed's install freed it). */
    void hold(JobToken token) {
        running.set(token);
    }

    /** What holds the slot now, or null. */
    JobToken holder() {
        return running.get();
    }

    /**
     * Frees the slot before a job's last notification: a requester told that its job ended may send the next
     * request at once and must not be told another one is in progress.
     */
    void free() {
        progress.idle();
        running.set(null);
    }

    JobProgress progress() {
        return progress;
    }

    /**
     * Runs {@code job} on the worker; the slot is freed when it ends, if {@code token} still holds it. False
     * (and the slot freed) when the agent is stopping.
     */
    boolean run(JobToken token, Runnable job) {
        try {
            worker.execute(() -> {
                try {
                    job.run();
                } finally {
                    if (running.compareAndSet(token, null)) {
                        progress.idle();
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            running.compareAndSet(token, null);
            return false;
        }
    }

    /** Takes no more jobs and interrupts the one running. */
    void interrupt() {
        worker.shutdownNow();
    }

    /** After {@link #interrupt}: waits up to {@code millis} for the job to end; false when it did not. */
    boolean awaitStopped(long millis) throws InterruptedException {
        return worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
