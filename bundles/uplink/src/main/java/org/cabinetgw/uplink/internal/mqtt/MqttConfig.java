package org.cabinetgw.uplink.internal.mqtt;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the MQTT transport; without one the transport does not start. */
@ObjectClassDefinition(id = MqttTransportComponent.PID, name = "Cabinet Gateway Uplink: MQTT",
        description = "The primary transport: MQTT (Eclipse Paho) to the cloud broker.")
public @interface MqttConfig {

    @AttributeDefinition(name = "Broker URI", description = "tcp://host:1883, or ssl://host:8883 for TLS.")
    String server_uri() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "Client id", required = false, description = "MQTT client id, unique per gateway "
            + "(1-64 characters). Empty: the gateway's identity, made at its first start from the machine (MAC "
            + "address or host name) and kept in <data>/etc/identity.")
    String client_id() default "";

    @AttributeDefinition(name = "User name", required = false, description = "Empty: no authentication.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Password for the user name.")
    String password() default "";

    @AttributeDefinition(name = "Allow credentials in clear", description = "A password over tcp:// (no TLS) can be "
            + "read by anyone on the path: refused unless this is true (a broker on the same host, a lab). When "
            + "allowed, /health shows uplink.mqtt.credentials DEGRADED and the log says so at every start.")
    boolean allow_cleartext_credentials() default false;

    @AttributeDefinition(name = "Topic prefix", description = "Messages go to <prefix>/<topic>; the birth and "
            + "last-will status to <prefix>/status. {client.id} stands for the client id, so every topic names its "
            + "gateway. No wildcards, no leading or trailing '/'.")
    String topic_prefix() default "cabinetgw/" + MqttIdentity.PLACEHOLDER;

    /** The range of qos, for the Metatype and the settings check (CHANGES.md rule 3). */
    int QOS_MIN = 0, QOS_MAX = 2;

    @AttributeDefinition(name = "QoS",
            min = "" + QOS_MIN, max = "" + QOS_MAX, description = "MQTT quality of service: 1 (at least "
            + "once) is the default; 0 may lose messages on a broken connection and is not recommended.")
    int qos() default 1;

    /** The range of window, for the Metatype and the settings check (CHANGES.md rule 3). */
    int WINDOW_MIN = 1, WINDOW_MAX = 65_000;

    @AttributeDefinition(name = "In-flight window", min = "" + WINDOW_MIN, max = "" + WINDOW_MAX,
            description = "Messages sent and not yet acknowledged (PUBACK) at most.")
    int window() default 500;

    /** The range of keep.alive.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int KEEP_ALIVE_SECONDS_MIN = 5, KEEP_ALIVE_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Keep-alive (s)",
            min = "" + KEEP_ALIVE_SECONDS_MIN, max = "" + KEEP_ALIVE_SECONDS_MAX, description = "MQTT keep-alive interval.")
    int keep_alive_seconds() default 30;

    /** The range of connect.timeout.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int CONNECT_TIMEOUT_SECONDS_MIN = 1, CONNECT_TIMEOUT_SECONDS_MAX = 120;

    @AttributeDefinition(name = "Connect timeout (s)",
            min = "" + CONNECT_TIMEOUT_SECONDS_MIN, max = "" + CONNECT_TIMEOUT_SECONDS_MAX,
            description = "How long one connection attempt may take.")
    int connect_timeout_seconds() default 10;

    /** The range of reconnect.initial.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RECONNECT_INITIAL_MILLIS_MIN = 10, RECONNECT_INITIAL_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "First reconnect delay (ms)",
            min = "" + RECONNECT_INITIAL_MILLIS_MIN, max = "" + RECONNECT_INITIAL_MILLIS_MAX,
            description = "Delay before the first reconnect attempt; doubles (with jitter) up to the longest delay.")
    int reconnect_initial_millis() default 500;

    /** The range of reconnect.max.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RECONNECT_MAX_SECONDS_MIN = 1, RECONNECT_MAX_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Longest reconnect delay (s)",
            min = "" + RECONNECT_MAX_SECONDS_MIN, max = "" + RECONNECT_MAX_SECONDS_MAX,
            description = "Upper bound of the reconnect delay.")
    int reconnect_max_seconds() default 60;

    @AttributeDefinition(name = "Trust store", required = false, description = "PKCS12 (or .jks) file with the CA "
            + "that signed the broker's certificate. Empty: the JVM's default CAs.")
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

    @AttributeDefinition(name = "Verify host name", description = "Check that the broker's certificate names the "
            + "host connected to. Turn off only for brokers addressed by IP with a certificate without it.")
    boolean tls_verify_hostname() default true;

    @AttributeDefinition(name = "Cloud protocol", options = {
            @Option(label = "JSON: our JSON messages on <topic.prefix>/<topic> (plain brokers)", value = "JSON"),
            @Option(label = "KURA: Kura's protocol, KuraPayload on <account>/<client-id>/... (Kapua, Everyware Cloud)",
                    value = "KURA") },
            description = "JSON for a plain broker and your own consumers; KURA to be managed by Eclipse Kapua or "
                    + "Everyware Cloud as a Kura gateway: then set the account name, topic.prefix is not used, and an "
                    + "empty client.id is the primary MAC address as Kura writes it.")
    String cloud_protocol() default "JSON";

    @AttributeDefinition(name = "Kura account name", required = false, description = "With cloud.protocol KURA: the "
            + "account (tenant) the gateway belongs to in Kapua / Everyware Cloud; the first level of every topic.")
    String kura_account_name() default "";

    @AttributeDefinition(name = "Kura application id", description = "With cloud.protocol KURA: the application id "
            + "of our telemetry, so it goes to <account>/<client-id>/<this>/<message topic>.")
    String kura_app_id() default "cabinetgw";

    @AttributeDefinition(name = "Kura gzip", description = "With cloud.protocol KURA: gzip a payload of 256 bytes "
            + "or more when that makes it smaller (Kapua inflates it).")
    boolean kura_gzip() default true;
}
