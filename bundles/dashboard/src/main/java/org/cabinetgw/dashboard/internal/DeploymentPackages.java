package org.cabinetgw.dashboard.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment packages installed, and which package brought each bundle, as the OSGi Deployment Admin service
 * lists them.
 *
 * <p>Why through reflection on the service object rather than an import of {@code org.osgi.service.deploymentadmin}:
 * the dashboard must resolve and run without the deploy feature (any subset of capabilities installed), and an
 * optional import is wired once, at resolution — a Deployment Admin installed later would stay invisible until a
 * refresh, which the cabinet never does on its own. The four methods called are the standard API's
 * ({@code listDeploymentPackages}, {@code getName}, {@code getVersion}, {@code getBundleInfos} /
 * {@code getSymbolicName}), stable since Deployment Admin 1.0.
 */
final class DeploymentPackages {

    static final String SERVICE = "org.osgi.service.deploymentadmin.DeploymentAdmin";
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentPackages.class);

    /** One installed package: its name, version and the symbolic names of its bundles. */
    record Installed(String name, String version, List<String> bundles) {
    }

    private DeploymentPackages() {
    }

    /** The installed packages by name; empty when no Deployment Admin runs or it cannot be read. */
    static List<Installed> list(BundleContext context) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(SERVICE, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        if (refs == null) {
            return List.of();
        }
        Object admin = context.getService(refs[0]);
        if (admin == null) {
            return List.of(); // going away
        }
        try {
            return read(admin);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // being updated, or not the standard API: the section shows bundles without their packages
            LOG.debug("Dashboard: cannot list the deployment packages: {}", e.toString());
            return List.of();
        } finally {
            context.ungetService(refs[0]);
        }
    }

    /** The standard API's calls on whatever class the service object has. */
    static List<Installed> read(Object admin) throws ReflectiveOperationException {
        Object packages = call(admin, "listDeploymentPackages");
        Map<String, Installed> byName = new TreeMap<>();
        for (int i = 0; packages != null && i < Array.getLength(packages); i++) {
            Object dp = Array.get(packages, i);
            String name = String.valueOf(call(dp, "getName"));
            String version = String.valueOf(call(dp, "getVersion"));
            List<String> bundles = new ArrayList<>();
            Object infos = call(dp, "getBundleInfos");
            for (int j = 0; infos != null && j < Array.getLength(infos); j++) {
                bundles.add(String.valueOf(call(Array.get(infos, j), "getSymbolicName")));
            }
            // Felix lists a "system" package of the framework's own bundles with no name worth showing
            if (!name.isEmpty() && !"null".equals(name)) {
                byName.put(name, new Installed(name, version, List.copyOf(bundles)));
            }
        }
        return List.copyOf(byName.values());
    }

    /** The package that brought the bundle {@code symbolicName}, or null. */
    static String packageOf(List<Installed> installed, String symbolicName) {
        for (Installed p : installed) {
            if (p.bundles().contains(symbolicName)) {
                return p.name();
            }
        }
        return null;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        // the method is looked up on the public interface the object implements: the implementation class
        // itself may not be public (Felix's is), and calling through it would be refused
        for (Class<?> type : interfacesOf(target.getClass())) {
            try {
                Method m = type.getMethod(method);
                return m.invoke(target);
            } catch (NoSuchMethodException e) {
                // try the next interface
            }
        }
        return target.getClass().getMethod(method).invoke(target);
    }

    private static List<Class<?>> interfacesOf(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                all.add(i);
            }
        }
        return all;
    }
}
