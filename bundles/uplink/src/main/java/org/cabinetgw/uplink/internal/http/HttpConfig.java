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

    @AttributeDefinition(name = "Batch size", min = "1", max = "10000", description = "Messages per POST at most.")
    int batch_size() default 200;

    @AttributeDefinition(name = "Request timeout (ms)", min = "100", max = "300000",
            description = "A POST without an answer by then counts as failed and is retried.")
    int request_timeout_millis() default 10_000;

    @AttributeDefinition(name = "Connect timeout (ms)", min = "100", max = "120000",
            description = "How long setting up a connection may take.")
    int connect_timeout_millis() default 5_000;

    @AttributeDefinition(name = "Trust store", required = false, description = "PKCS12 (or .jks) file with the CA "
            + "of the endpoint's certificate. Empty: the JVM's default CAs.")
    String tls_truststore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the trust store.")
    String tls_truststore_password() default "";

    @AttributeDefinition(name = "Client certificate store", required = false,
            description = "PKCS12 (or .jks) file with the gateway's client certificate and key. Empty: none.")
    String tls_keystore() default "";

    @AttributeDefinition(name = "Client certificate password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the key store and its key.")
    String tls_keystore_password() default "";
}
