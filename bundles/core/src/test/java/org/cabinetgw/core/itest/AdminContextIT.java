package org.cabinetgw.core.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.cabinetgw.http.AdminContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.cabinetgw.testing.ConfigurationEvents;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A servlet in the admin context, served by the real Jetty: reads pass, changes need the administrator
 * of test.bndrun's framework properties (as the launcher sets them), or of the web console's own
 * configuration once that exists.
 */
class AdminContextIT {

    /** test.bndrun sets felix.webconsole.password to the {sha-256} hash of this. */
    static final String PASSWORD = "admin-context-test";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private ServiceRegistration<Servlet> servlet;
    private String url;

    @BeforeEach
    void serve() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("osgi.http.whiteboard.servlet.pattern", "/admin-test/*");
        p.put("osgi.http.whiteboard.context.select", AdminContext.SELECT);
        servlet = context.registerService(Servlet.class, new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setStatus(200);
                resp.getWriter().write("changed by " + req.getMethod());
            }
        }, p);
        url = HttpProbe.baseUrl(context) + "admin-test/x";
        HttpProbe.await(url, 200, 10_000);
    }

    @AfterEach
    void unserve() throws Exception {
        servlet.unregister();
        Configuration[] c = configurationAdmin.listConfigurations("(service.pid=org.apache.felix.webconsole.internal.servlet.OsgiManager)");
        if (c != null) {
            c[0].delete();
        }
        // the next test expects the original administrator again: the delete must have reached the console
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
    }

    @Test
    void readsPassAndChangesNeedTheAdministrator() throws Exception {
        assertThat(HttpProbe.get(url).body()).isEqualTo("changed by GET");

        HttpProbe.Response anonymous = post(null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("changed by");

        assertThat(post("admin:wrong").status()).isEqualTo(401);
        assertThat(post("root:" + PASSWORD).status()).isEqualTo(401);
        assertThat(post("admin:" + PASSWORD)).isEqualTo(new HttpProbe.Response(200, "changed by POST"));
        assertThat(request("DELETE", "admin:" + PASSWORD).status()).isEqualTo(200);
        assertThat(request("PUT", null).status()).isEqualTo(401);
    }

    @Test
    void aPasswordChangedInTheWebConsoleAppliesAtOnce() throws Exception {
        Configuration console = configurationAdmin.getConfiguration(
                "org.apache.felix.webconsole.internal.servlet.OsgiManager", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("username", "ops");
        p.put("password", "{sha-256}" + Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest("a-new-password".getBytes(StandardCharsets.UTF_8))));
        console.update(p);

        assertThat(post("ops:a-new-password").status()).isEqualTo(200);
        assertThat(post("admin:" + PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void guessingIsThrottledPerAddressAndTheRightPasswordWaitsToo() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(post("admin:guess-" + i).status()).isEqualTo(401);
        }
        // locked out now: refused without looking at the password, even the right one
        HttpURLConnection locked = connection("POST", "admin:" + PASSWORD, null);
        assertThat(locked.getResponseCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(locked.getHeaderField("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        locked.disconnect();
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(post("admin:" + PASSWORD).status()).isEqualTo(200);
        // the success forgot the failures: five typos are free again
        for (int i = 0; i < 5; i++) {
            assertThat(post("admin:typo-" + i).status()).isEqualTo(401);
        }
        assertThat(post("admin:" + PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aChangeFromAnotherSiteIsRefusedBeforeItsServlet() throws Exception {
        // HttpURLConnection drops an Origin header; a Referer of another site is the same rule
        HttpURLConnection c = connection("POST", "admin:" + PASSWORD, "http://evil.example/form.html");
        assertThat(c.getResponseCode()).isEqualTo(403);
        assertThat(c.getHeaderField("X-Frame-Options")).isEqualTo("DENY");
        c.disconnect();
        HttpURLConnection own = connection("POST", "admin:" + PASSWORD, url);
        assertThat(own.getResponseCode()).isEqualTo(200);
        own.disconnect();
    }

    @Test
    void traceIsRefusedAndEchoesNothing() throws Exception {
        HttpProbe.Response trace = request("TRACE", "admin:" + PASSWORD);
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.body()).doesNotContain("Authorization", "Basic");
    }

    private HttpProbe.Response post(String userColonPassword) throws IOException {
        return request("POST", userColonPassword);
    }

    private HttpProbe.Response request(String method, String userColonPassword) throws IOException {
        HttpURLConnection c = connection(method, userColonPassword, null);
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            return new HttpProbe.Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection connection(String method, String userColonPassword, String referer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        if (referer != null) {
            c.setRequestProperty("Referer", referer);
        }
        // generous: a login costs a PBKDF2 hash (and a changed password its first one), slow on a loaded machine;
        // the stress build at load 18 timed out at 5 s
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Connection", "close");
        if (userColonPassword != null) {
            c.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
        }
        if (method.equals("POST") || method.equals("PUT")) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write("{}".getBytes(StandardCharsets.UTF_8));
            }
        }
        return c;
    }
}
