package org.cabinetgw.failover.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.testing.Await;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;

/** What the failover in-framework tests share: waiting, registering, HTTP, building bundles. */
final class Fixture {

    static final String BUNDLE = "org.cabinetgw.failover";
    static final String COORDINATOR_PID = "org.cabinetgw.failover.coordinator";
    static final String RULE_FACTORY = "org.cabinetgw.failover.rule";

    private Fixture() {
    }

    /** Waits until the coordinator's status matches. */
    static CabinetStatus awaitStatus(FailoverCoordinator c, Predicate<CabinetStatus> wanted, long timeoutMillis)
            throws InterruptedException {
        return Await.until("the cabinet status as wanted", Duration.ofMillis(timeoutMillis), c::status, wanted);
    }

    static <T> ServiceRegistration<?> register(BundleContext context, Object service, Class<?>... types) {
        String[] names = Arrays.stream(types).map(Class::getName).toArray(String[]::new);
        return context.registerService(names, service, new Hashtable<>());
    }

    static ServiceRegistration<HealthContributor> contributor(BundleContext context, String name, HealthContributor c) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthContributor.COMPONENT, name);
        return context.registerService(HealthContributor.class, c, p);
    }

    static void healthChanged(EventAdmin events, String component) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthEvents.COMPONENT, component);
        events.postEvent(new Event(HealthEvents.CHANGED, p));
    }

    /** An LDAP filter matching one property value exactly, whatever characters the value holds. */
    static String filter(String key, String value) {
        StringBuilder b = new StringBuilder("(").append(key).append('=');
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append(')').toString();
    }


    /** A bundle with no code of its own, importing the health contract: a real bundle to stop, start and restart. */
    static byte[] emptyBundle(String bsn) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "org.cabinetgw.health;version=\"[1.0,2)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.putNextEntry(new JarEntry("readme.txt"));
            jar.write(("failover in-framework test bundle " + bsn).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    static Bundle install(BundleContext context, String bsn) throws Exception {
        Bundle b = context.installBundle("itest:" + bsn, new ByteArrayInputStream(emptyBundle(bsn)));
        b.start();
        return b;
    }

    /** The coordinator service as registered now (a new instance has a new service id). */
    static ServiceReference<FailoverCoordinator> awaitCoordinator(BundleContext context, long notServiceId, long timeoutMillis)
            throws InterruptedException {
        return Await.nonNull("a new FailoverCoordinator", Duration.ofMillis(timeoutMillis), () -> {
            ServiceReference<FailoverCoordinator> ref = context.getServiceReference(FailoverCoordinator.class);
            if (ref == null || (Long) ref.getProperty("service.id") == notServiceId || context.getService(ref) == null) {
                return null; // none, the old one, or one SCR cannot activate (getService null)
            }
            context.ungetService(ref);
            return ref;
        });
    }

    /**
     * Deletes the coordinator's configuration and waits until the instance with the defaults is registered:
     * a test that changed it must not leave the next test a deactivated instance to inject.
     */
    /**
     * What the tests run the coordinator with (see {@link CoordinatorTestDefaults}): no startup settle time, so a
     * rule acts as soon as a test provokes it instead of 15 s after the coordinator started.
     */
    static final Map<String, Object> TEST_DEFAULTS = Map.of("startup.settle.seconds", 0);

    /** The tests' defaults plus these attribute/value pairs. */
    static Dictionary<String, Object> coordinatorConfig(Object... attributesAndValues) {
        Dictionary<String, Object> p = properties(attributesAndValues);
        TEST_DEFAULTS.forEach((k, v) -> {
            if (p.get(k) == null) {
                p.put(k, v);
            }
        });
        return p;
    }

    /** Configuration properties from attribute/value pairs. */
    static Dictionary<String, Object> properties(Object... attributesAndValues) {
        Dictionary<String, Object> p = new Hashtable<>();
        for (int i = 0; i < attributesAndValues.length; i += 2) {
            p.put((String) attributesAndValues[i], attributesAndValues[i + 1]);
        }
        return p;
    }

    /** Updates {@code c} with attribute/value pairs and remembers it in {@code made} for the test's tear-down. */
    static void configure(List<org.osgi.service.cm.Configuration> made, org.osgi.service.cm.Configuration c,
            Object... attributesAndValues) throws IOException {
        c.update(properties(attributesAndValues));
        if (!made.contains(c)) {
            made.add(c);
        }
    }

    /** The first usable service of {@code type} matching {@code filter}, waiting up to 10 s for one. */
    static <T> T service(BundleContext context, Class<T> type, String filter) throws Exception {
        for (int i = 0; i < 400; i++) {
            for (ServiceReference<T> ref : context.getServiceReferences(type, filter)) {
                T s = context.getService(ref);
                if (s != null) {
                    return s;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no " + type.getSimpleName() + " " + filter);
    }

    static void restoreCoordinatorDefaults(BundleContext context, org.osgi.service.cm.Configuration config)
            throws Exception {
        ServiceReference<FailoverCoordinator> before = context.getServiceReference(FailoverCoordinator.class);
        long id = before == null ? -1 : (Long) before.getProperty("service.id");
        config.update(coordinatorConfig());
        awaitCoordinator(context, id, 10_000);
    }

    record Response(int status, String body) {
    }

    static String baseUrl(BundleContext context) {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String url = endpoint instanceof String[] a ? Arrays.stream(a).filter(s -> s.startsWith("http:")).findFirst()
                .orElse(a[0]) : String.valueOf(endpoint);
        return url.endsWith("/") ? url : url + "/";
    }

    /** The administrator of test.bndrun (the password whose hash it sets): drills need it. */
    static final String ADMIN = "admin:failover-test";

    /** A request as the administrator. */
    static Response http(String method, String url) throws IOException {
        return http(method, url, ADMIN);
    }

    /** A request with these Basic credentials ({@code user:password}), or none when null. */
    static Response http(String method, String url, String credentials) throws IOException {
        org.cabinetgw.testing.AdminHttp.Response r = org.cabinetgw.testing.AdminHttp.request(method, url, credentials);
        return new Response(r.status(), r.body());
    }

    /**
     * Polls until the URL answers the status (the servlet registers asynchronously); an I/O error (nothing
     * listening yet) counts as "not yet".
     */
    static Response awaitHttp(String url, int status, long timeoutMillis) throws Exception {
        return Await.until("GET " + url + " answering " + status, Duration.ofMillis(timeoutMillis),
                () -> http("GET", url), r -> r.status() == status);
    }
}
