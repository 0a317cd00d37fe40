package org.cabinetgw.support.internal.data;

import java.io.File;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * Where a bundle keeps what must outlive it. One rule for every bundle: a folder named for the bundle's job, in
 * the gateway's data directory when the runtime names one (framework property {@value #PROPERTY}), so it
 * survives the bundle being uninstalled and installed again (an update by the deploy agent); else the same
 * folder in the bundle's own data area (a test framework, a plain Felix). Never the temporary directory: what is
 * kept there is gone after a reboot without a word.
 */
public final class GatewayData {

    /** The framework property naming the gateway's data directory. */
    public static final String PROPERTY = "cabinetgw.data.dir";

    private GatewayData() {
    }

    /**
     * {@code <cabinetgw.data.dir>/<folder>} when the property is set, else {@code <bundle data area>/<folder>};
     * absolute. Not created here.
     *
     * @throws IllegalStateException when neither exists (a framework without file system support)
     */
    public static Path folder(BundleContext context, String folder) {
        String dir = context.getProperty(PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir.trim(), folder).toAbsolutePath();
        }
        File area = context.getDataFile(folder);
        if (area == null) {
            throw new IllegalStateException("no place to keep " + folder + ": set the framework property " + PROPERTY
                    + " (this framework gives bundles no data area)");
        }
        return area.toPath().toAbsolutePath();
    }
}
