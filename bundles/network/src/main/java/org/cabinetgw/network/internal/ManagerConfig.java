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

    /** The range of command.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int COMMAND_TIMEOUT_MILLIS_MIN = 100, COMMAND_TIMEOUT_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Command timeout (ms)", description = "How long an ip command may take.",
            min = "" + COMMAND_TIMEOUT_MILLIS_MIN, max = "" + COMMAND_TIMEOUT_MILLIS_MAX)
    int command_timeout_millis() default 3000;

    /** The range of failback.hold.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FAILBACK_HOLD_SECONDS_MIN = 0, FAILBACK_HOLD_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Fail-back hold (s)", description = "A more preferred link must have been healthy "
            + "this long before traffic moves back to it.",
            min = "" + FAILBACK_HOLD_SECONDS_MIN, max = "" + FAILBACK_HOLD_SECONDS_MAX)
    int failback_hold_seconds() default 10;
}
