package org.cabinetgw.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading Deployment Admin's standard API through reflection, on implementation classes that are not public. */
class DeploymentPackagesTest {

    // the shape of org.osgi.service.deploymentadmin's interfaces, as the dashboard calls them
    public interface Admin {
        Package[] listDeploymentPackages();
    }

    public interface Package {
        String getName();

        Object getVersion();

        Info[] getBundleInfos();
    }

    public interface Info {
        String getSymbolicName();
    }

    private record HiddenInfo(String symbolicName) implements Info {
        @Override
        public String getSymbolicName() {
            return symbolicName;
        }
    }

    private record HiddenPackage(String name, String version, Info... infos) implements Package {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object getVersion() {
            return version;
        }

        @Override
        public Info[] getBundleInfos() {
            return infos;
        }
    }

    @Test
    void listsEachPackageByNameWithItsBundlesAndSkipsTheNamelessSystemPackage() throws Exception {
        Admin admin = () -> new Package[] {
                new HiddenPackage("org.cabinetgw.feature.power", "0.1.0", new HiddenInfo("org.cabinetgw.power"),
                        new HiddenInfo("org.cabinetgw.modbus")),
                new HiddenPackage("", "0.0.0"),
                new HiddenPackage("org.cabinetgw.feature.network", "0.2.0", new HiddenInfo("org.cabinetgw.network")) };

        List<DeploymentPackages.Installed> installed = DeploymentPackages.read(admin);

        assertThat(installed).extracting(DeploymentPackages.Installed::name)
                .containsExactly("org.cabinetgw.feature.network", "org.cabinetgw.feature.power");
        assertThat(installed.get(1).bundles()).containsExactly("org.cabinetgw.power", "org.cabinetgw.modbus");
        assertThat(installed.get(1).version()).isEqualTo("0.1.0");
        assertThat(DeploymentPackages.packageOf(installed, "org.cabinetgw.modbus")).isEqualTo("org.cabinetgw.feature.power");
        assertThat(DeploymentPackages.packageOf(installed, "org.cabinetgw.core")).isNull();
    }

    @Test
    void anAdminWithoutTheStandardMethodsGivesAClearFailureNotAWrongList() {
        Object notAnAdmin = new Object();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploymentPackages.read(notAnAdmin))
                .isInstanceOf(NoSuchMethodException.class);
    }
}
