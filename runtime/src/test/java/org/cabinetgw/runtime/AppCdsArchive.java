package org.cabinetgw.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of a start with an AppCDS archive (runtime/README.md, "Class data sharing"), for the startup
 * benchmark: one training start with {@code -XX:ArchiveClassesAtExit} (Java 17's dynamic archive, written when that
 * JVM exits after an orderly stop), then {@code -XX:SharedArchiveFile} naming it. Java 17 archives the classes of
 * the class path (launcher, Felix), the JDK's beyond its default archive, and those the bundles' class loaders
 * defined (matched again by the class file's size and CRC at the next start, so a bundle updated since loads its new
 * classes as usual).
 */
final class AppCdsArchive {

    /** A start of the gateway with the given JVM options, up to /health UP, then stopped in order. */
    interface TrainingStart {
        void run(List<String> jvmOptions) throws Exception;
    }

    private AppCdsArchive() {
    }

    /** {@code options} plus {@code -XX:SharedArchiveFile} naming an archive made by one training start with them. */
    static List<String> trainedOptions(List<String> options, TrainingStart start) throws Exception {
        Path archive = Files.createTempDirectory("cabinetgw-bench-cds").resolve("cabinetgw.jsa");
        List<String> training = new ArrayList<>(options);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        start.run(training);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training start wrote no archive at " + archive);
        }
        System.out.printf("AppCDS archive made by a training start (first start, stopped in order): %s, %d MB%n",
                archive, Files.size(archive) >> 20);
        List<String> withArchive = new ArrayList<>(options);
        withArchive.add("-XX:SharedArchiveFile=" + archive);
        return withArchive;
    }
}
