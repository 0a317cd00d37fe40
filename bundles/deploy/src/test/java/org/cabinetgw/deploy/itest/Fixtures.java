package org.cabinetgw.deploy.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.cabinetgw.testing.CloudOverMqtt;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/** The fixture packages the build made: org.cabinetgw.deploy.fixture 1.0.0, 2.0.0 and the broken 3.0.0. */
final class Fixtures {

    static final String NAME = "org.cabinetgw.deploy.fixture";

    private Fixtures() {
    }

    static Path file(String which) {
        return Path.of(System.getProperty("cabinetgw.test.fixtures"), "org.cabinetgw.dp.fixture." + which + ".dp");
    }

    static byte[] bytes(String which) throws IOException {
        return Files.readAllBytes(file(which));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Bundle bundle(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if (NAME.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    static void removeAll(DeploymentAdmin da) throws Exception {
        DeploymentPackage dp = da.getDeploymentPackage(NAME);
        if (dp != null) {
            dp.uninstall();
        }
    }

    /**
     * The end of a command-channel test (CommandOverMqttIT, KuraDeployOverMqttIT): the cloud closed (the uplink's
     * configuration deleted, the broker killed), the fixture package removed, the package server stopped; whatever
     * the set-up got to (null when it did not).
     */
    static void endCommandTest(CloudOverMqtt cloud, DeploymentAdmin da, PackageServer server) throws Exception {
        if (cloud != null) {
            cloud.close();
        }
        if (da != null) {
            removeAll(da);
        }
        if (server != null) {
            server.close();
        }
    }
}
