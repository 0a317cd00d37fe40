package org.cabinetgw.deploy.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/** GET/packages and GET/bundles: what is installed, and what proves that no restart happened. */
final class Listings {

    private final BundleContext context;
    private final DeploymentAdmin deploymentAdmin;

    Listings(BundleContext context, DeploymentAdmin deploymentAdmin) {
        this.context = context;
        this.deploymentAdmin = deploymentAdmin;
    }

    /** The packages Deployment Admin knows, each with its bundles. */
    List<Map<String, Object>> packages() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DeploymentPackage dp : deploymentAdmin.listDeploymentPackages()) {
            List<Map<String, Object>> bundles = new ArrayList<>();
            for (BundleInfo b : dp.getBundleInfos()) {
                bundles.add(Json.object("name", b.getSymbolicName(), "version", b.getVersion().toString()));
            }
            list.add(Json.object("name", dp.getName(), "version", dp.getVersion().toString(), "bundles", bundles));
        }
        return list;
    }

    /** Every bundle of the framework with its state. */
    List<Map<String, Object>> bundles() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            list.add(Json.object("name", b.getSymbolicName(), "version", b.getVersion().toString(), "id", b.getBundleId(),
                    "state", state(b.getState())));
        }
        return list;
    }

    /**
     * What proves that no restart happened: the framework's UUID (OSGi Core 4.2.2: a new one at every
     * initialisation of the framework, so also at a restart inside the same process) and the process's
     * id and start time (a new process is a restart too). Equal before and after a deployment: no restart.
     */
    Map<String, Object> framework() {
        ProcessHandle self = ProcessHandle.current();
        return Json.object("uuid", context.getProperty(Constants.FRAMEWORK_UUID), "process.id", self.pid(),
                "process.started", self.info().startInstant().map(Instant::toString).orElse(null));
    }

    static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
