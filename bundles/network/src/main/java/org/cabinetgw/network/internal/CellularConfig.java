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

    /** The range of poll.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int POLL_SECONDS_MIN = 1, POLL_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Poll interval (s)", description = "How often the modem is read.",
            min = "" + POLL_SECONDS_MIN, max = "" + POLL_SECONDS_MAX)
    int poll_seconds() default 10;

    /** The range of reset.after.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RESET_AFTER_SECONDS_MIN = 5, RESET_AFTER_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Reset after (s)", description = "The link must have been down this long (and "
            + "this long since the last reset) before the bearer is reconnected.",
            min = "" + RESET_AFTER_SECONDS_MIN, max = "" + RESET_AFTER_SECONDS_MAX)
    int reset_after_seconds() default 60;

    /** The range of reset.budget, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RESET_BUDGET_MIN = 0, RESET_BUDGET_MAX = 100;

    @AttributeDefinition(name = "Reset budget", description = "At most this many bearer resets per budget "
            + "period; 0 disables resets.", min = "" + RESET_BUDGET_MIN, max = "" + RESET_BUDGET_MAX)
    int reset_budget() default 3;

    /** The range of reset.budget.period.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RESET_BUDGET_PERIOD_SECONDS_MIN = 60, RESET_BUDGET_PERIOD_SECONDS_MAX = 604_800;

    @AttributeDefinition(name = "Reset budget period (s)", description = "The period of the reset budget.",
            min = "" + RESET_BUDGET_PERIOD_SECONDS_MIN, max = "" + RESET_BUDGET_PERIOD_SECONDS_MAX)
    int reset_budget_period_seconds() default 3600;

    /** The range of command.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int COMMAND_TIMEOUT_MILLIS_MIN = 100, COMMAND_TIMEOUT_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Command timeout (ms)", description = "How long an mmcli command may take.",
            min = "" + COMMAND_TIMEOUT_MILLIS_MIN, max = "" + COMMAND_TIMEOUT_MILLIS_MAX)
    int command_timeout_millis() default 10000;
}
