package org.cabinetgw.sim.broker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the demo broker. Its id is the component's PID. */
@ObjectClassDefinition(id = BrokerComponent.PID, name = "Demo MQTT broker",
        description = "An embedded MQTT broker standing in for the cloud in the demo. Starts only when this "
                + "configuration exists; a production gateway never has it.")
public @interface BrokerConfig {

    @AttributeDefinition(name = "Host", description = "Address the broker listens on. Keep it on loopback: the "
            + "demo broker has no authentication and no TLS.")
    String host() default BrokerSettings.DEFAULT_HOST;

    /** The range of port, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PORT_MIN = 0, PORT_MAX = 65535;

    @AttributeDefinition(name = "Port", description = "TCP port for MQTT (1-65535; 0 picks a free port, "
            + "useful for tests).", min = "" + PORT_MIN, max = "" + PORT_MAX)
    int port() default BrokerSettings.DEFAULT_PORT;

    /** The range of max.message.bytes (the upper end is MQTT 3.1.1's remaining-length limit; CHANGES.md rule 3). */
    int MAX_MESSAGE_BYTES_MIN = 1024, MAX_MESSAGE_BYTES_MAX = 268_435_455;

    @AttributeDefinition(name = "Largest message (bytes)", description = "Largest MQTT packet the broker "
            + "accepts (1024-268435455); a bigger one closes the client's connection.",
            min = "" + MAX_MESSAGE_BYTES_MIN, max = "" + MAX_MESSAGE_BYTES_MAX)
    int max_message_bytes() default BrokerSettings.DEFAULT_MAX_MESSAGE_BYTES;

    @AttributeDefinition(name = "Log arrivals", description = "Log one INFO line per arriving message "
            + "(topic, size, client), so the demo shows the cloud receiving.")
    boolean log_arrivals() default true;
}
