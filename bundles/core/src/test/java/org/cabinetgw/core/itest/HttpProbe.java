package org.cabinetgw.core.itest;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.cabinetgw.testing.Await;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;

/** A plain HTTP client for the tests: the real Jetty of the framework, over loopback. */
final class HttpProbe {

    record Response(int status, String body) {
    }

    private HttpProbe() {
    }

    /** The base URL of the running HTTP Whiteboard, e.g. http://127.0.0.1:41234/ */
    static String baseUrl(BundleContext context) {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String url = endpoint instanceof String[] a ? Arrays.stream(a).filter(s -> s.startsWith("http:")).findFirst()
                .orElse(a[0]) : String.valueOf(endpoint);
        return url.endsWith("/") ? url : url + "/";
    }

    static Response get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        // No keep-alive: the JDK would start a Keep-Alive-Timer thread and blur the thread-leak checks.
        c.setRequestProperty("Connection", "close");
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body);
        } finally {
            c.disconnect();
        }
    }

    /**
     * Polls until the URL answers with the wanted status, so tests wait for DS and the whiteboard; an I/O error
     * (nothing listening yet) counts as "not yet".
     */
    static Response await(String url, int status, long timeoutMillis) throws Exception {
        return Await.until("GET " + url + " answering " + status, Duration.ofMillis(timeoutMillis), () -> get(url),
                r -> r.status() == status);
    }
}
