package org.cabinetgw.network.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        id = LinkManagerComponent.PID,
        name = "Cabinet Gateway link manager",
        description = "Keeps the best healthy link as the default route and moves traffic between links "
                + "without flapping.")
@interface ManagerConfig {

    @AttributeDefinition(name = "Routing backend", description = "iproute2: the manager changes routes and "
            + "rules with ip (a standalone gateway). simulated: it only reports and recommends (the demo, and Kura "
            + "gateways where Kura's NetworkManager owns routing).",
            options = {@Option(value = "iproute2", label = "iproute2"), @Option(value = "simulated", label = "simulated")})
    String backend() default "iproute2";

    @AttributeDefinition(name = "ip command", description = "Path of iproute2's ip.")
    String ip_command() default "ip";

    @AttributeDefinition(name = "Command prefix", description = "Words put before every ip command, e.g. "
            + "'sudo -n' or 'ip netns exec gw'. Empty: none.", required = false)
    String[] command_prefix() default {};

    @AttributeDefinition(name = "Command timeout (ms)", description = "How long an ip command may take.",
            min = "100", max = "60000")
    int command_timeout_ms() default 3000;

    @AttributeDefinition(name = "Fail-back hold (s)", description = "A more preferred link must have been healthy "
            + "this long before traffic moves back to it.", min = "0", max = "3600")
    int failback_hold_s() default 10;
}
