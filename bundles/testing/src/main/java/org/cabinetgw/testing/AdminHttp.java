package org.cabinetgw.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for tests of the admin endpoints: one request, optionally with Basic credentials. */
public final class AdminHttp {

    /** The status and the body as text. */
    public record Response(int status, String body) {
    }

    private AdminHttp() {
    }

    /**
     * One request without keep-alive (the JDK would start a Keep-Alive-Timer thread).
     *
     * @param credentials {@code user:password} for Basic authentication, or null for none
     */
    public static Response request(String method, String url, String credentials) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        if (credentials != null) {
            c.setRequestProperty("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        c.setConnectTimeout(2000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Connection", "close");
        if (method.equals("POST")) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(new byte[0]);
            }
        }
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }
}
