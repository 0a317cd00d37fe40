package org.cabinetgw.deploy.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Deployment Admin's record and the framework back in step after a session cut off by a power cut, from the
 * packages kept on disk: the bundles of the version on record, or the whole package over bundles it lost track of.
 */
final class DeploymentAdminRepair {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentAdminRepair.class);
    /** Where Deployment Admin installs a package's bundles: this prefix and the symbolic name (Felix's, as the spec's). */
    static final String DEPLOYMENT_ADMIN_LOCATION = "osgi-dp:";

    private final InstalledPackages packages;
    private final PackageStore store;

    DeploymentAdminRepair(InstalledPackages packages, PackageStore store) {
        this.packages = packages;
        this.store = store;
    }

    /**
     * Installs {@code version} of the package from disk where Deployment Admin lost its record but left its
     * bundles. Deployment Admin may refuse bundles it does not know of; then they are uninstalled first
     * (their data areas go with them). Returns what was done, starting with "version" when it worked.
     */
    String reinstallOverOrphans(String name, String version) {
        Path file = store.find(name, version).orElse(null);
        if (file == null) {
            return "could not put it back: version " + version + " is not on disk";
        }
        try {
            DeploymentPackage back;
            try {
                back = packages.install(file);
            } catch (DeploymentException refused) {
                LOG.warn("Deployment Admin refused {} {} over the bundles it lost track of ({}); uninstalling them first",
                        name, version, refused.getMessage());
                for (Bundle b : packages.context().getBundles()) {
                    if (b.getLocation().startsWith("osgi-dp:") && packages.orphans().contains(b.getSymbolicName() + " " + b.getVersion())) {
                        b.uninstall();
                    }
                }
                back = packages.install(file);
            }
            String dis = packages.disagreement(back);
            if (dis != null && repair(back, version) != null) {
                return "could not put it back: " + dis;
            }
            return "version " + version + " installed again from disk";
        } catch (IOException | DeploymentException | BundleException | RuntimeException e) {
            return "could not put it back: " + e.getMessage();
        }
    }

    /**
     * Updates each bundle of {@code dp} whose version is not the one Deployment Admin lists back to that
     * version, from the package kept on disk (what Deployment Admin would have done had its session
     * been rolled back), and starts it. In place: the bundles keep their data. A listed bundle missing from the
     * framework is installed again from the same package. Null when done, else why not.
     */
    String repair(DeploymentPackage dp, String version) {
        Path file = store.find(dp.getName(), version).orElse(null);
        if (file == null) {
            return "version " + version + " is not on disk";
        }
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(file), false)) {
            Manifest manifest = jar.getManifest();
            for (JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                Attributes section = manifest.getAttributes(e.getName());
                String bsn = section == null ? null : section.getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    continue;
                }
                String symbolicName = bsn.split(";")[0].trim();
                Bundle b = packages.frameworkBundle(symbolicName);
                Version wanted = Version.parseVersion(section.getValue("Bundle-Version"));
                FilterInputStream entry = new FilterInputStream(jar) {
                    @Override
                    public void close() {
                        // the package's stream stays open for the next entry
                    }
                };
                if (b == null) {
                    // the power went after the bundle had been uninstalled (a rollback's or Deployment Admin's own
                    // step): installed again where Deployment Admin keeps its bundles, so its record finds it
                    Bundle back = packages.context().installBundle(DEPLOYMENT_ADMIN_LOCATION + symbolicName, entry);
                    if (back.getHeaders().get("Fragment-Host") == null) {
                        back.start();
                    }
                } else if (!b.getVersion().equals(wanted)) {
                    b.update(entry);
                    b.start();
                }
            }
        } catch (IOException | BundleException | RuntimeException e) {
            return e.getMessage();
        }
        return packages.disagreement(dp);
    }
}
