package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;

import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The packages the build makes install, update and uninstall through Felix Deployment Admin, with no
 * restart. Felix Deployment Admin 0.9.6 stops at the signature files that follow the manifest of a
 * signed package, so (as the deploy agent does after checking the signature) the signature files are
 * taken out of the copy handed to it; the first test pins that behaviour down, so that a Deployment
 * Admin that reads signed packages as they are shows up here.
 */
class DeploymentAdminIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;

    @AfterEach
    void clean() throws Exception {
        Fixtures.removeAll(deploymentAdmin);
    }

    @Test
    void felix096StopsAtTheSignatureFilesOfASignedPackage() throws Exception {
        try (InputStream in = Files.newInputStream(Fixtures.file("v1"))) {
            assertThatThrownBy(() -> deploymentAdmin.installDeploymentPackage(in))
                    .isInstanceOf(DeploymentException.class).hasMessageContaining("Expected more bundles in the stream");
        }
        assertThat(Fixtures.bundle(context)).isNull();
    }

    @Test
    void installUpdateAndUninstallWithoutARestart() throws Exception {
        long frameworkStarted = context.getBundle(0).getLastModified();
        Bundle self = context.getBundle();

        DeploymentPackage v1 = install("v1");
        assertThat(v1.getName()).isEqualTo(Fixtures.NAME);
        assertThat(v1.getVersion()).isEqualTo(new Version(1, 0, 0));
        Bundle b1 = Fixtures.bundle(context);
        assertThat(b1.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(b1.getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(health()).isEqualTo(HealthState.UP);

        DeploymentPackage v2 = install("v2");
        assertThat(v2.getVersion()).isEqualTo(new Version(2, 0, 0));
        Bundle b2 = Fixtures.bundle(context);
        // an update in place: the same bundle, now at 2.0.0
        assertThat(b2.getBundleId()).isEqualTo(b1.getBundleId());
        assertThat(b2.getVersion()).isEqualTo(new Version(2, 0, 0));
        assertThat(b2.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(deploymentAdmin.listDeploymentPackages()).extracting(DeploymentPackage::getName).contains(Fixtures.NAME);
        assertThat(health()).isEqualTo(HealthState.UP);

        deploymentAdmin.getDeploymentPackage(Fixtures.NAME).uninstall();
        assertThat(Fixtures.bundle(context)).isNull();
        assertThat(deploymentAdmin.getDeploymentPackage(Fixtures.NAME)).isNull();

        // the framework and this test bundle lived through all of it
        assertThat(context.getBundle(0).getLastModified()).isEqualTo(frameworkStarted);
        assertThat(self.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void aDowngradeIsAnUpdateToo() throws Exception {
        install("v2");
        install("v1");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
        assertThat(deploymentAdmin.getDeploymentPackage(Fixtures.NAME).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    private DeploymentPackage install(String which) throws Exception {
        try (InputStream in = new ByteArrayInputStream(withoutSignatureFiles(Fixtures.bytes(which)))) {
            return deploymentAdmin.installDeploymentPackage(in);
        }
    }

    /** The package as built, less META-INF/*.SF and the signature block: entry order and bytes otherwise kept. */
    static byte[] withoutSignatureFiles(byte[] dp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dp)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String n = e.getName();
                if (n.startsWith("META-INF/") && (n.endsWith(".SF") || n.endsWith(".EC") || n.endsWith(".RSA") || n.endsWith(".DSA"))) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(n));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The fixture component's health state once it is registered, or null when it is not within 5 s. */
    private HealthState health() throws Exception {
        return Await.within(Duration.ofSeconds(5), this::fixtureHealthOrNull, state -> state != null).orElse(null);
    }

    private HealthState fixtureHealthOrNull() throws Exception {
        Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                "(" + HealthContributor.COMPONENT + "=deploy.fixture)");
        if (refs.isEmpty()) {
            return null;
        }
        ServiceReference<HealthContributor> ref = refs.iterator().next();
        try {
            return context.getService(ref).health().state();
        } finally {
            context.ungetService(ref);
        }
    }
}
