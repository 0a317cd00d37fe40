package org.cabinetgw.support.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFileTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code job} on a thread whose interrupt flag is set, and returns what it threw, if anything. */
    private static Throwable fromAnInterruptedThread(ThrowingJob job, AtomicReference<Boolean> flagAfter)
            throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                job.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join(10_000);
        return thrown.get();
    }

    interface ThrowingJob {
        void run() throws Exception;
    }

    @Test
    void replaceWritesTheNewContentOverTheOldAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a/b/epoch");
        DurableFile.replace(file, bytes("1\n"));
        DurableFile.replace(file, bytes("2\n"));
        assertThat(Files.readString(file)).isEqualTo("2\n");
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void appendAddsToTheEnd() throws Exception {
        Path file = dir.resolve("dead-letters.jsonl");
        DurableFile.append(file, bytes("one\n"));
        DurableFile.append(file, bytes("two\n"));
        assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
    }

    @Test
    void aWriteFromAnInterruptedThreadIsKeptAndTheFlagToo() throws Exception {
        Path replaced = dir.resolve("window.json");
        Path appended = dir.resolve("letters");
        AtomicReference<Boolean> flag = new AtomicReference<>();

        assertThat(fromAnInterruptedThread(() -> DurableFile.replace(replaced, bytes("kept")), flag)).isNull();
        assertThat(flag.get()).isTrue();
        assertThat(Files.readString(replaced)).isEqualTo("kept");

        assertThat(fromAnInterruptedThread(() -> DurableFile.append(appended, bytes("kept too")), flag)).isNull();
        assertThat(flag.get()).isTrue();
        assertThat(Files.readString(appended)).isEqualTo("kept too");
    }
}
