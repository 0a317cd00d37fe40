package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
        SiteFile site = SiteFile.read(file.toAbsolutePath());
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
