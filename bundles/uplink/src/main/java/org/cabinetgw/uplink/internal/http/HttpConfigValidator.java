package org.cabinetgw.uplink.internal.http;

import java.net.URI;
import java.net.URISyntaxException;

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
        Ranges.check("batch.size", c.batch_size(), HttpConfig.BATCH_SIZE_MIN, HttpConfig.BATCH_SIZE_MAX);
        Ranges.check("request.timeout.millis", c.request_timeout_millis(),
                HttpConfig.REQUEST_TIMEOUT_MILLIS_MIN, HttpConfig.REQUEST_TIMEOUT_MILLIS_MAX);
        Ranges.check("connect.timeout.millis", c.connect_timeout_millis(),
                HttpConfig.CONNECT_TIMEOUT_MILLIS_MIN, HttpConfig.CONNECT_TIMEOUT_MILLIS_MAX);
        String token = c.bearer_token() == null ? "" : c.bearer_token().trim();
        if (token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7E)) {
            throw new IllegalArgumentException("bearer.token contains characters not allowed in an HTTP header");
        }
        if (!c.tls_verify_hostname()) {
            // Java's HTTP client checks the host name unless a JVM-wide property turns it off for every client
            throw new IllegalArgumentException("tls.verify.hostname = false is not possible for the HTTP transport: "
                    + "its client always checks that the certificate names the endpoint's host");
        }
        TlsSettings tls = TlsSettings.of(c.tls_trust_store(), c.tls_trust_store_password(), c.tls_key_store(),
                c.tls_key_store_password(), true);
        return new HttpSettings(uri, token, c.batch_size(), c.request_timeout_millis(), c.connect_timeout_millis(), tls);
    }
}
