package org.cabinetgw.deploy.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.deploy.MetricMessage;

import com.google.gson.JsonObject;

/**
 * DEPLOY-V2 as Kura's cloud (Kapua, Everyware Cloud) speaks it: requests as typed metrics, replies and
 * notifications as typed metrics with Kura's names, GET/packages and GET/bundles as Kura's XML documents in the
 * body ({@link KuraDeployXml}).
 *
 * <p>Each request metric must have the type Kura gives it ({@code job.id} INT64, {@code dp.install} BOOL, the
 * names and URI STRING, the block sizes and timeout INT32): anything else is a 400 naming the metric. The values
 * are then checked by the same rules as a JSON request ({@link RequestParser}): one set of rules whatever the
 * wire. Kura's options this agent does not carry out are refused when asked for ({@code dp.reboot} true: it installs
 * without a restart; download credentials), applied within the agent's limits (block size and delay, notify block
 * size, timeout: {@link DownloadOptions}) or accepted and not applied (resume, force, protocol HTTP(S), the install
 * verifier: the agent's own settings and health gate decide) — the README lists them.
 */
final class KuraDeployDialect implements DeployDialect {

    static final KuraDeployDialect INSTANCE = new KuraDeployDialect();

    /** What Kura's cloud reads as the error text of a reply. */
    static final String EXCEPTION_MESSAGE = "response.exception.message";

    /** Request metrics and the type Kura gives each; a request metric not listed here is ignored. */
    private static final Map<String, Class<?>> REQUEST_TYPES = Map.ofEntries(
            Map.entry(RequestParser.URI_FIELD, String.class), Map.entry(RequestParser.NAME, String.class),
            Map.entry(RequestParser.VERSION, String.class), Map.entry(RequestParser.JOB_ID, Long.class),
            Map.entry(RequestParser.HASH, String.class), Map.entry(RequestParser.INSTALL, Boolean.class),
            Map.entry(RequestParser.FORCE, Boolean.class), Map.entry("dp.reboot", Boolean.class),
            Map.entry("dp.reboot.delay", Integer.class), Map.entry("dp.download.protocol", String.class),
            Map.entry("dp.download.block.size", Integer.class), Map.entry("dp.download.block.delay", Integer.class),
            Map.entry("dp.download.notify.block.size", Integer.class), Map.entry("dp.download.timeout", Integer.class),
            Map.entry("dp.download.resume", Boolean.class), Map.entry("dp.download.force", Boolean.class),
            Map.entry("dp.download.username", String.class),
            Map.entry("dp.download.password", String.class), Map.entry("dp.install.system.update", Boolean.class),
            Map.entry("dp.install.verifier.uri", String.class));

    /** Reply and notification metrics Kura sends as INT32; every other whole number goes as INT64. */
    private static final Set<String> INT32 = Set.of("dp.download.progress", "dp.download.size", "dp.download.index",
            "dp.install.progress", "dp.uninstall.progress");

    /** The agent's field names to Kura's. */
    private static final Map<String, String> NAMES = Map.of("dp.download.error", "dp.download.error.message",
            "dp.install.error", "dp.install.error.message", "dp.uninstall.error", "dp.uninstall.error.message");

    private KuraDeployDialect() {
    }

    @Override
    public DownloadRequest download(CommandRequest request, boolean allowHttp) throws RequestException {
        Map<String, Object> m = checked(request);
        refuse(m, "dp.reboot", Boolean.TRUE, "this gateway installs packages without a restart; send dp.reboot false");
        refuse(m, "dp.install.system.update", Boolean.TRUE, "system updates are not installed by this agent");
        if (m.containsKey("dp.download.username") || m.containsKey("dp.download.password")) {
            String field = m.containsKey("dp.download.username") ? "dp.download.username" : "dp.download.password";
            throw new RequestException(field, field + ": credentials for the package server are not supported; "
                    + "use a URL the gateway can fetch without them");
        }
        Object protocol = m.get("dp.download.protocol");
        if (protocol != null && !"HTTP".equalsIgnoreCase((String) protocol) && !"HTTPS".equalsIgnoreCase((String) protocol)) {
            throw new RequestException("dp.download.protocol", "dp.download.protocol must be HTTP or HTTPS, was '"
                    + shorten((String) protocol) + "'");
        }
        return RequestParser.download(asJson(m), allowHttp);
    }

    @Override
    public DownloadRequest install(CommandRequest request) throws RequestException {
        return RequestParser.installDownloaded(asJson(checked(request)));
    }

    @Override
    public DownloadRequest uninstall(CommandRequest request) throws RequestException {
        return RequestParser.uninstall(asJson(checked(request)));
    }

    @Override
    public void reply(CommandResponder responder, int status, Map<String, Object> fields) {
        responder.reply(status, new MetricMessage(metrics(fields, true)));
    }

    @Override
    public void notify(CommandResponder responder, String resource, Map<String, Object> fields) {
        Map<String, Object> metrics = metrics(fields, false);
        if (metrics.containsKey("dp.download.status")) {
            metrics.putIfAbsent("dp.download.index", 0); // one file per job here; Kura numbers its parts from 0
        }
        responder.notify(resource, new MetricMessage(metrics));
    }

    @Override
    public void packages(CommandResponder responder, Listings listings) {
        responder.reply(CommandResponder.OK, new MetricMessage(Map.of(), KuraDeployXml.packages(listings.packages())));
    }

    @Override
    public void bundles(CommandResponder responder, Listings listings) {
        responder.reply(CommandResponder.OK, new MetricMessage(Map.of(), KuraDeployXml.bundles(listings.bundles())));
    }

    /** The request's metrics, each of the type Kura gives it. */
    private static Map<String, Object> checked(CommandRequest request) throws RequestException {
        MetricMessage message = request.metrics();
        if (message == null) {
            throw new RequestException("body", "the request carries no metrics");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : message.metrics().entrySet()) {
            Class<?> expected = REQUEST_TYPES.get(e.getKey());
            if (expected == null) {
                continue; // request.id, requester.client.id and what Kura may add later
            }
            if (!expected.isInstance(e.getValue())) {
                throw new RequestException(e.getKey(), e.getKey() + " must be of type " + kuraType(expected) + ", was "
                        + kuraType(e.getValue().getClass()));
            }
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    private static void refuse(Map<String, Object> m, String metric, Object value, String why) throws RequestException {
        if (value.equals(m.get(metric))) {
            throw new RequestException(metric, metric + " " + value + " is not supported: " + why);
        }
    }

    /** The checked metrics as the JSON object {@link RequestParser} reads: one set of value rules for both wires. */
    private static byte[] asJson(Map<String, Object> m) {
        JsonObject o = new JsonObject();
        m.forEach((name, v) -> {
            if (v instanceof Number n) {
                o.addProperty(name, n);
            } else if (v instanceof Boolean b) {
                o.addProperty(name, b);
            } else {
                o.addProperty(name, String.valueOf(v));
            }
        });
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The agent's fields as Kura's metrics: Kura's names and types; lists and objects have no metric form. */
    static Map<String, Object> metrics(Map<String, Object> fields, boolean reply) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((field, v) -> {
            String name = reply && "error".equals(field) ? EXCEPTION_MESSAGE : NAMES.getOrDefault(field, field);
            Object typed = typed(name, v);
            if (typed != null) {
                out.put(name, typed);
            }
        });
        return out;
    }

    private static Object typed(String name, Object v) {
        if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
            return INT32.contains(name) ? (Object) (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.longValue()))
                    : (Object) n.longValue();
        }
        if (v instanceof Double || v instanceof Float || v instanceof Boolean || v instanceof String) {
            return v;
        }
        return null;
    }

    private static String kuraType(Class<?> c) {
        return c == Long.class ? "INT64" : c == Integer.class ? "INT32" : c == Boolean.class ? "BOOL"
                : c == String.class ? "STRING" : c == Double.class ? "DOUBLE" : c == Float.class ? "FLOAT" : "BYTES";
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }
}
