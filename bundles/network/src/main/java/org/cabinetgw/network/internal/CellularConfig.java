package org.cabinetgw.network.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = CellularComponent.PID,
        name = "Cabinet Gateway cellular modem",
        description = "Reads a cellular link's modem through ModemManager (mmcli) and reconnects its bearer when "
                + "the link is down while the modem believes it is connected, within a reset budget. "
                + "Without ModemManager the link is a plain interface. One configuration per cellular link.")
@interface CellularConfig {

    @AttributeDefinition(name = "Link", description = "Name of the cellular link (its link configuration).")
    String link() default "cellular";

    @AttributeDefinition(name = "Modem", description = "ModemManager modem index or D-Bus path, as mmcli -m takes it.")
    String modem() default "0";

    @AttributeDefinition(name = "mmcli command", description = "Path of ModemManager's mmcli.")
    String mmcli_command() default "mmcli";

    @AttributeDefinition(name = "Poll interval (s)", description = "How often the modem is read.",
            min = "1", max = "3600")
    int poll_interval_s() default 10;

    @AttributeDefinition(name = "Reset after (s)", description = "The link must have been down this long (and "
            + "this long since the last reset) before the bearer is reconnected.", min = "5", max = "86400")
    int reset_after_s() default 60;

    @AttributeDefinition(name = "Reset budget", description = "At most this many bearer resets per budget "
            + "period; 0 disables resets.", min = "0", max = "100")
    int reset_budget() default 3;

    @AttributeDefinition(name = "Reset budget period (s)", description = "The period of the reset budget.",
            min = "60", max = "604800")
    int reset_budget_period_s() default 3600;

    @AttributeDefinition(name = "Command timeout (ms)", description = "How long an mmcli command may take.",
            min = "100", max = "60000")
    int command_timeout_ms() default 10000;
}
