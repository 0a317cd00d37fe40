package org.cabinetgw.conf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = ConfCloudService.PID, name = "Cabinet Gateway configuration over the cloud (CONF-V1)",
        description = "Lets a Kura cloud (Kapua, Everyware Cloud) read and change the gateway's configurations and "
                + "take and restore configuration snapshots, through the uplink in Kura's protocol.")
public @interface ConfCloudConfig {

    int SNAPSHOTS_KEPT_MIN = 1;
    int SNAPSHOTS_KEPT_MAX = 100;

    @AttributeDefinition(name = "Snapshots kept", description = "How many configuration snapshots are kept in the data "
            + "directory (<data>/conf); the oldest is deleted when a new one is taken. One is taken before every "
            + "change the cloud makes, so this is also how many changes can be rolled back.",
            min = "" + SNAPSHOTS_KEPT_MIN, max = "" + SNAPSHOTS_KEPT_MAX)
    int snapshots_kept() default 10;

    @AttributeDefinition(name = "Protected PIDs", description = "Configurations the cloud may read but never change, "
            + "by PID (a factory PID covers its instances). The defaults: this service itself (so the cloud cannot lift "
            + "the protection) and the deploy agent (its trust store and unsigned-package switch guard what the "
            + "gateway runs). Empty: every configuration can be changed.")
    String[] protected_pids() default { ConfCloudService.PID, "org.cabinetgw.deploy.agent" };

    @AttributeDefinition(name = "Allowed requesters", description = "Comma-separated requester client ids (the "
            + "requester.client.id of a request) whose requests are served; any other gets 403. Empty: any requester. "
            + "As for the deploy agent: the id is what the request says, not proven; the broker's ACL on the request "
            + "topics is the real gate.")
    String command_requesters() default "";
}
