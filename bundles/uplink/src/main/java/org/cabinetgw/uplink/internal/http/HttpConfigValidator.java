package org.cabinetgw.uplink.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cabinetgw.uplink.internal.Ranges;
import org.cabinetgw.uplink.internal.transport.TlsSettings;

/** Turns an {@link HttpConfig} into {@link HttpSettings}, or refuses it naming the attribute. */
public final class HttpConfigValidator {

    private HttpConfigValidator() {
    }

    public static HttpSettings validate(HttpConfig c) {
        String endpoint = Ranges.notBlank("endpoint", c.endpoint());
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint = " + endpoint + " is not a URL: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint = " + endpoint + " must be an http:// or https:// URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("endpoint = " + endpoint
                    + " must not carry credentials; use bearer.token or a client certificate");
        }
        Ranges.check("batch.size", c.batch_size(), 1, 10_000);
        Ranges.check("request.timeout.millis", c.request_timeout_millis(), 100, 300_000);
        Ranges.check("connect.timeout.millis", c.connect_timeout_millis(), 100, 120_000);
        String token = c.bearer_token() == null ? "" : c.bearer_token().trim();
        if (token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7E)) {
            throw new IllegalArgumentException("bearer.token contains characters not allowed in an HTTP header");
        }
        readable("tls.truststore", c.tls_truststore());
        readable("tls.keystore", c.tls_keystore());
        TlsSettings tls = new TlsSettings(nz(c.tls_truststore()), nz(c.tls_truststore_password()),
                nz(c.tls_keystore()), nz(c.tls_keystore_password()), true);
        return new HttpSettings(uri, token, c.batch_size(), c.request_timeout_millis(), c.connect_timeout_millis(), tls);
    }

    private static void readable(String attribute, String path) {
        if (path != null && !path.isBlank() && !Files.isReadable(Path.of(path.trim()))) {
            throw new IllegalArgumentException(attribute + " = " + path + " is not a readable file");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
