package org.cabinetgw.support.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

class GatewayDataTest {

    @TempDir
    Path tmp;

    /** A context that answers only what GatewayData asks: the framework property and the data area. */
    private static BundleContext context(Map<String, String> properties, File dataArea) {
        return (BundleContext) Proxy.newProxyInstance(GatewayDataTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> dataArea == null ? null : new File(dataArea, (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theGatewayDataDirectoryWinsWithAFolderForTheJob() {
        Path data = tmp.resolve("data");
        assertThat(GatewayData.folder(context(Map.of(GatewayData.PROPERTY, data.toString()), tmp.toFile()), "uplink"))
                .isEqualTo(data.resolve("uplink").toAbsolutePath());
    }

    @Test
    void withoutItTheBundlesOwnDataAreaWhereTheFilesHaveAlwaysBeen() {
        File area = tmp.resolve("bundle17/data").toFile();
        Path expected = area.toPath().toAbsolutePath();
        assertThat(GatewayData.folder(context(Map.of(), area), "uplink")).isEqualTo(expected);
        assertThat(GatewayData.folder(context(Map.of(GatewayData.PROPERTY, "  "), area), "uplink")).isEqualTo(expected);
    }

    @Test
    void neitherIsASentenceNotTheTemporaryDirectory() {
        assertThatThrownBy(() -> GatewayData.folder(context(Map.of(), null), "uplink"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(GatewayData.PROPERTY);
    }
}
