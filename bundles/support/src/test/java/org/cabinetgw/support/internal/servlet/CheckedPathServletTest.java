package org.cabinetgw.support.internal.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.health.HealthContributor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The shared part of the JSON API servlets, without a framework: a refused path answers 404, a good one serves. */
class CheckedPathServletTest {

    /** A servlet whose GET answers 200 with a small document. */
    static final class Api extends CheckedPathServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            sendJson(resp, 200, "{\"ok\":true}");
        }
    }

    /** What the test's fake framework and response saw. */
    private final List<Object> registered = new ArrayList<>();
    private final List<String> unregistered = new ArrayList<>();
    private final Map<String, Object> response = new ConcurrentHashMap<>();
    private final StringWriter body = new StringWriter();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered.add(args[1]);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] { ServiceRegistration.class }, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered.add("refusal");
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private HttpServletRequest get() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getProtocol" -> "HTTP/1.1";
                    case "getDateHeader" -> -1L;
                    default -> null;
                });
    }

    private HttpServletResponse response() {
        PrintWriter writer = new PrintWriter(body, true);
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getWriter":
                            return writer;
                        case "setStatus", "setContentType", "setCharacterEncoding":
                            response.put(method.getName(), args[0]);
                            return null;
                        case "setHeader":
                            response.put(args[0].toString(), args[1]);
                            return null;
                        case "sendError":
                            response.put("sendError", args[0]);
                            response.put("message", args[1]);
                            return null;
                        default:
                            return null;
                    }
                });
    }

    @Test
    void aRefusedPathAnswers404NamingItsEntryUntilWithdrawn() throws Exception {
        Api api = new Api();
        api.checkPath(context(), "org.cabinetgw.x.http", "the x API answers 404 until it is corrected", "x", "/x/*");
        assertThat(api.refused()).isTrue();
        assertThat(registered).singleElement().isInstanceOf(HealthContributor.class);
        assertThat(((HealthContributor) registered.get(0)).health().reason())
                .contains("osgi.http.whiteboard.servlet.pattern = 'x' is not a servlet path");

        api.service(get(), response());
        assertThat(response).containsEntry("sendError", 404)
                .containsEntry("message", "configuration refused: see config:org.cabinetgw.x.http in /health");
        assertThat(body.toString()).isEmpty();

        api.withdrawRefusal();
        assertThat(unregistered).containsExactly("refusal");
        assertThat(api.refused()).isFalse();
    }

    @Test
    void aGoodPathServesJsonThatNoCacheKeeps() throws Exception {
        Api api = new Api();
        api.checkPath(context(), "org.cabinetgw.x.http", "unused", "/x/*", "/x/*");
        assertThat(api.refused()).isFalse();
        assertThat(registered).isEmpty();

        api.service(get(), response());
        assertThat(response).containsEntry("setStatus", 200).containsEntry("setContentType", "application/json")
                .containsEntry("setCharacterEncoding", "UTF-8").containsEntry("Cache-Control", "no-store")
                .doesNotContainKey("sendError");
        assertThat(body.toString()).isEqualTo("{\"ok\":true}");
    }
}
