package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The packages as Deployment Admin records them and the bundles as the framework runs them, and where the two
 * disagree (a Deployment Admin session cut off by a power cut).
 */
final class InstalledPackages {

    private final BundleContext context;
    private final DeploymentAdmin deploymentAdmin;

    InstalledPackages(BundleContext context, DeploymentAdmin deploymentAdmin) {
        this.context = context;
        this.deploymentAdmin = deploymentAdmin;
    }

    DeploymentAdmin deploymentAdmin() {
        return deploymentAdmin;
    }

    BundleContext context() {
        return context;
    }

    /** The installed package of this name, or null. */
    DeploymentPackage get(String name) {
        return deploymentAdmin.getDeploymentPackage(name);
    }

    /** Installs a verified package; see {@link SignatureStripper} for why a copy goes to Deployment Admin. */
    DeploymentPackage install(Path verified) throws IOException, DeploymentException {
        Path copy = verified.resolveSibling(verified.getFileName() + ".install");
        try {
            SignatureStripper.strip(verified, copy);
            try (InputStream in = Files.newInputStream(copy)) {
                return deploymentAdmin.installDeploymentPackage(in);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    static List<String> bundleNames(DeploymentPackage dp) {
        List<String> names = new ArrayList<>();
        for (BundleInfo b : dp.getBundleInfos()) {
            names.add(b.getSymbolicName());
        }
        return names;
    }

    List<Bundle> bundlesOf(DeploymentPackage dp) {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle b = dp.getBundle(info.getSymbolicName());
            if (b != null) {
                bundles.add(b);
            }
        }
        return bundles;
    }

    /**
     * Null when every bundle Deployment Admin lists for the package is in the framework at the listed
     * version; otherwise what differs. Deployment Admin keeps its own record of a package's bundles, and
     * a session cut off by a power cut can leave it out of step with what actually runs.
     */
    String disagreement(DeploymentPackage dp) {
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle b = frameworkBundle(info.getSymbolicName());
            if (b == null) {
                return "Deployment Admin lists " + info.getSymbolicName() + " " + info.getVersion() + " in " + dp.getName()
                        + " " + dp.getVersion() + ", but it is not installed";
            }
            if (!b.getVersion().equals(info.getVersion())) {
                return "Deployment Admin lists " + info.getSymbolicName() + " " + info.getVersion() + " in " + dp.getName()
                        + " " + dp.getVersion() + ", but " + b.getVersion() + " is installed";
            }
        }
        return null;
    }

    /**
     * The framework's bundle with this symbolic name, whatever its version: Felix Deployment Admin's
     * {@code getBundle} answers only for the version it has on record. Its own (location osgi-dp:...) first.
     */
    Bundle frameworkBundle(String symbolicName) {
        Bundle any = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                if (b.getLocation().startsWith("osgi-dp:")) {
                    return b;
                }
                any = b;
            }
        }
        return any;
    }

    /** Bundles Deployment Admin installed (location osgi-dp:...) that no package it knows lists. */
    List<String> orphans() {
        Set<String> listed = new HashSet<>();
        for (DeploymentPackage p : deploymentAdmin.listDeploymentPackages()) {
            for (BundleInfo i : p.getBundleInfos()) {
                listed.add(i.getSymbolicName());
            }
        }
        List<String> orphans = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith("osgi-dp:") && !listed.contains(b.getSymbolicName())) {
                orphans.add(b.getSymbolicName() + " " + b.getVersion());
            }
        }
        return orphans;
    }
}
