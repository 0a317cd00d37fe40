package org.cabinetgw.kura.bridge.internal.cloud;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = KuraCloudConnection.PID, name = "Cabinet Gateway on Kura's cloud connection", description = "On a Kura gateway the "
        + "uplink sends through the Kura cloud publisher chosen here instead of opening its own MQTT connection; a "
        + "message leaves the uplink's durable queue only when Kura confirms its delivery.")
public @interface KuraCloudConfig {

    int CONFIRM_TIMEOUT_MIN = 5;
    int CONFIRM_TIMEOUT_MAX = 3600;

    @AttributeDefinition(name = "Use Kura's cloud connection", description = "true: the uplink sends through Kura's "
            + "cloud publisher and its own MQTT transport stays idle. false: the uplink opens its own MQTT connection "
            + "(a second device to the cloud).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Cloud publisher", description = "LDAP filter choosing the Kura cloud publisher the "
            + "uplink sends through, e.g. (kura.service.pid=cabinetgw). Create it in Kura's Cloud Connections with "
            + "QoS 1 and the application topic $topic (bundles README).")
    String publisher_target() default "(kura.service.pid=cabinetgw)";

    @AttributeDefinition(name = "Confirmation timeout (seconds)", description = "How long, while Kura is connected, a "
            + "message handed to the publisher may stay unconfirmed before the uplink sends it again (the receiver "
            + "drops the duplicate by message.id). 5..3600.", min = "5", max = "3600")
    int confirm_timeout_seconds() default 120;
}
