package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.osgi.framework.BundleContext;

/**
 * The launcher's two jobs with a site file: {@code --check-config FILE} (read it, check it against every
 * feature's Metatype, say what is wrong, exit 0 or 1, start nothing), and at a start with {@code --config}
 * read and check it before anything starts (a file that cannot be read or parsed stops the start; a
 * misspelt PID or key is printed, and shown in /health), then apply it ({@link SiteSettings}).
 */
final class SiteConfiguration {

    private SiteConfiguration() {
    }

    /** {@code --check-config}: the exit code, 0 when the file is good. */
    static int check(Path file, PrintStream out) {
        try {
            SiteFile site = SiteFile.read(file);
            List<SiteCheck.Problem> problems = SiteCheck.check(site, FeatureCatalog.ofThisJar());
            if (problems.isEmpty()) {
                int settings = site.pids().values().stream().mapToInt(java.util.Map::size).sum();
                out.println(file + ": OK (" + site.pids().size() + " PIDs, " + settings + " settings)");
                return 0;
            }
            for (SiteCheck.Problem p : problems) {
                out.println(file + ": " + p);
            }
            out.println(file + ": " + problems.size() + (problems.size() == 1 ? " mistake" : " mistakes"));
            return 1;
        } catch (SiteFile.Unusable e) {
            out.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            out.println(file + ": cannot be checked: " + Errors.cause(e));
            return 1;
        }
    }

    /**
     * At a start: null without {@code --config}; throws (stopping the start) when the file cannot be used;
     * prints every mistake it finds, each on its own line.
     */
    static SiteSettings load(Path file, Path record, PrintStream err) throws IOException {
        if (file == null) {
            return null;
        }
        return checked(SiteFile.read(file.toAbsolutePath()), record, err);
    }

    /**
     * As {@link #load}, but only the file is read now (one that cannot be used still stops the start here); the
     * check against the catalog of every bundle's settings is made on a thread of its own while the framework is
     * made and its bundles installed. The catalog reads the Metatype of every bundle in the jar, seed packages
     * included: at load 24 it took 1.9 s of a start (the launcher's start timeline). {@link #await} it before
     * {@link #install}.
     */
    static Future<SiteSettings> loadAlongside(Path file, Path record, PrintStream err) throws IOException {
        if (file == null) {
            return CompletableFuture.completedFuture(null);
        }
        SiteFile site = SiteFile.read(file.toAbsolutePath());
        FutureTask<SiteSettings> check = new FutureTask<>(() -> checked(site, record, err));
        Thread checking = new Thread(check, "cabinetgw-site-check");
        checking.setDaemon(true);
        checking.start();
        return check;
    }

    /** The settings {@link #loadAlongside} checked. */
    static SiteSettings await(Future<SiteSettings> pending) throws IOException, InterruptedException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static SiteSettings checked(SiteFile site, Path record, PrintStream err) throws IOException {
        FeatureCatalog catalog = FeatureCatalog.ofThisJar();
        List<SiteCheck.Problem> problems = SiteCheck.check(site, catalog);
        for (SiteCheck.Problem p : problems) {
            err.println("cabinetgw: WARNING " + site.file() + ": " + p);
        }
        // a setting renamed in this release is applied under its new name (CHANGES.md rule 5)
        return new SiteSettings(catalog.withCurrentNames(site), catalog, problems, record);
    }

    /** Hooks the site settings into the framework: applied when ConfigurationAdmin arrives. */
    static void install(SiteSettings settings, BundleContext system) {
        if (settings != null) {
            settings.applyWhenConfigurationAdminArrives(system);
        }
    }

    /** The second pass, after the framework started. */
    static void started(SiteSettings settings, BundleContext system) {
        if (settings != null) {
            settings.applyAgain(system);
        }
    }
}
