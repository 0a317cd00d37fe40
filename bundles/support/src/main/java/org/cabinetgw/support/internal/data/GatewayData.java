package org.cabinetgw.support.internal.data;

import java.io.File;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * Where a bundle keeps what must outlive it. One rule for every bundle: a folder named for the bundle's job in
 * the gateway's data directory when the runtime names one (framework property {@value #PROPERTY}), so it
 * survives the bundle being uninstalled and installed again (an update by the deploy agent; the directory is
 * shared, hence a folder each); else the bundle's own data area itself (Kura, a plain Felix, a test framework:
 * private to the bundle already, and where the uplink's queue and the failover history have always been there,
 * so an update finds them). Never the temporary directory: what is kept there is gone after a reboot without a
 * word.
 */
public final class GatewayData {

    /** The framework property naming the gateway's data directory. */
    public static final String PROPERTY = "cabinetgw.data.dir";

    private GatewayData() {
    }

    /**
     * {@code <cabinetgw.data.dir>/<folder>} when the property is set, else the root of the bundle's data area;
     * absolute. Not created here.
     *
     * @throws IllegalStateException when neither exists (a framework without file system support)
     */
    public static Path folder(BundleContext context, String folder) {
        String dir = context.getProperty(PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir.trim(), folder).toAbsolutePath();
        }
        File area = context.getDataFile("");
        if (area == null) {
            throw new IllegalStateException("no place to keep " + folder + ": set the framework property " + PROPERTY
                    + " (this framework gives bundles no data area)");
        }
        return area.toPath().toAbsolutePath();
    }
}
