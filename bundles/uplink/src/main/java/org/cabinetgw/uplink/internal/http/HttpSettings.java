package org.cabinetgw.uplink.internal.http;

import java.net.URI;
import java.util.Objects;

import org.cabinetgw.uplink.internal.transport.TlsSettings;

/**
 * The HTTP transport's settings, validated by {@link HttpConfigValidator}.
 *
 * @param endpoint             where batches are POSTed ({@code https://...}; {@code http://} only for tests)
 * @param bearerToken          sent as {@code Authorization: Bearer ...}; empty for none
 * @param batchSize            messages per POST at most
 * @param requestTimeoutMillis a request without an answer by then counts as failed (and is retried)
 * @param connectTimeoutMillis connection set-up limit
 * @param tls                  trust store, client certificate
 */
public record HttpSettings(URI endpoint, String bearerToken, int batchSize, long requestTimeoutMillis,
        long connectTimeoutMillis, TlsSettings tls) {

    public HttpSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        bearerToken = bearerToken == null ? "" : bearerToken;
        tls = tls == null ? TlsSettings.defaults() : tls;
    }

    public static HttpSettings of(URI endpoint) {
        return new HttpSettings(endpoint, "", 200, 10_000, 5_000, TlsSettings.defaults());
    }
}
