package org.cabinetgw.uplink.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the HTTP fallback transport; without one there is no fallback. */
@ObjectClassDefinition(id = HttpTransportComponent.PID, name = "Cabinet Gateway Uplink: HTTP fallback",
        description = "HTTPS POST of JSON batches, used when MQTT cannot deliver.")
public @interface HttpConfig {

    @AttributeDefinition(name = "Endpoint", description = "URL batches are POSTed to, https://... "
            + "(http:// only where the network itself is trusted).")
    String endpoint() default "https://127.0.0.1/ingest";

    @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD, required = false,
            description = "Sent as 'Authorization: Bearer <token>'. Empty: none (use a client certificate instead).")
    String bearer_token() default "";

    @AttributeDefinition(name = "Allow credentials in clear", description = "A bearer token over http:// (no TLS) "
            + "can be read by anyone on the path: refused unless this is true (a lab). When allowed, /health shows "
            + "uplink.http.credentials DEGRADED and the log says so at every start.")
    boolean allow_cleartext_credentials() default false;

    /** The range of batch.size, for the Metatype and the settings check (CHANGES.md rule 3). */
    int BATCH_SIZE_MIN = 1, BATCH_SIZE_MAX = 10_000;

    @AttributeDefinition(name = "Batch size",
            min = "" + BATCH_SIZE_MIN, max = "" + BATCH_SIZE_MAX, description = "Messages per POST at most.")
    int batch_size() default 200;

    /** The range of request.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int REQUEST_TIMEOUT_MILLIS_MIN = 100, REQUEST_TIMEOUT_MILLIS_MAX = 300_000;

    @AttributeDefinition(name = "Request timeout (ms)",
            min = "" + REQUEST_TIMEOUT_MILLIS_MIN, max = "" + REQUEST_TIMEOUT_MILLIS_MAX,
            description = "A POST without an answer by then counts as failed and is retried.")
    int request_timeout_millis() default 10_000;

    /** The range of connect.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int CONNECT_TIMEOUT_MILLIS_MIN = 100, CONNECT_TIMEOUT_MILLIS_MAX = 120_000;

    @AttributeDefinition(name = "Connect timeout (ms)",
            min = "" + CONNECT_TIMEOUT_MILLIS_MIN, max = "" + CONNECT_TIMEOUT_MILLIS_MAX,
            description = "How long setting up a connection may take.")
    int connect_timeout_millis() default 5_000;

    @AttributeDefinition(name = "Trust store", required = false, description = "PKCS12 (or .jks) file with the CA "
            + "of the endpoint's certificate. Empty: the JVM's default CAs.")
    String tls_trust_store() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the trust store.")
    String tls_trust_store_password() default "";

    @AttributeDefinition(name = "Client certificate store", required = false,
            description = "PKCS12 (or .jks) file with the gateway's client certificate and key. Empty: none.")
    String tls_key_store() default "";

    @AttributeDefinition(name = "Client certificate password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the key store and its key.")
    String tls_key_store_password() default "";

    @AttributeDefinition(name = "Verify host name", description = "Check that the endpoint's certificate names "
            + "the host connected to. The HTTP transport always does: false is refused (the setting is here so that "
            + "MQTT and HTTP read the same TLS settings).")
    boolean tls_verify_hostname() default true;
}
