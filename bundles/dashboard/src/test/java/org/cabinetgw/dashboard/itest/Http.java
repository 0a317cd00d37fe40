package org.cabinetgw.dashboard.itest;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import org.cabinetgw.testing.Await;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** HTTP against the real Jetty of the test framework. */
final class Http {

    /** test.bndrun sets felix.webconsole.password to the {sha-256} hash of this. */
    static final String PASSWORD = "dashboard-test";
    static final String ADMIN = basic("admin", PASSWORD);

    record Response(int status, String body, String header) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    private Http() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String baseUrl(BundleContext context) {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String url = endpoint instanceof String[] a ? Arrays.stream(a).filter(s -> s.startsWith("http:")).findFirst()
                .orElse(a[0]) : String.valueOf(endpoint);
        return url.endsWith("/") ? url : url + "/";
    }

    /** A request; {@code header} names a response header to return (e.g. WWW-Authenticate). */
    static Response request(String method, String url, String authorization, String header) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(2000);
        c.setReadTimeout(10_000);
        c.setRequestProperty("Connection", "close");
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body, header == null ? null : c.getHeaderField(header));
        } finally {
            c.disconnect();
        }
    }

    static Response get(String url, String authorization) throws IOException {
        return request("GET", url, authorization, null);
    }

    /**
     * Waits until GET answers {@code status} (the whiteboard registers asynchronously); an I/O error (not
     * listening yet) counts as "not yet".
     */
    static Response await(String url, String authorization, int status, long timeoutMillis) throws Exception {
        return Await.until("GET " + url + " answering " + status, Duration.ofMillis(timeoutMillis),
                () -> get(url, authorization), r -> r.status() == status);
    }
}
