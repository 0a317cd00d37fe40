package org.cabinetgw.sim.power.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = SimulatorComponent.PID, name = "Power simulator",
        description = "Modbus TCP servers that behave like an SDM630 on mains, a SunSpec meter on the generator and a UPS, "
                + "with scripted scenarios. For the demo and tests; never on a real cabinet.")
public @interface SimulatorConfig {

    @AttributeDefinition(name = "Listen address", description = "Address the servers bind to; 127.0.0.1 keeps them local.")
    String host() default "127.0.0.1";

    /** The range of mains.port, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MAINS_PORT_MIN = 0, MAINS_PORT_MAX = 65_535;

    @AttributeDefinition(name = "Mains SDM630 port", description = "0-65535; 0 picks a free port (see 'power:sim status').",
            min = "" + MAINS_PORT_MIN, max = "" + MAINS_PORT_MAX)
    int mains_port() default 5020;

    /** The range of generator.port, for the Metatype and the settings check (CHANGES.md rule 3). */
    int GENERATOR_PORT_MIN = 0, GENERATOR_PORT_MAX = 65_535;

    @AttributeDefinition(name = "Generator SunSpec port", description = "0-65535; 0 picks a free port.",
            min = "" + GENERATOR_PORT_MIN, max = "" + GENERATOR_PORT_MAX)
    int generator_port() default 5021;

    /** The range of ups.port, for the Metatype and the settings check (CHANGES.md rule 3). */
    int UPS_PORT_MIN = 0, UPS_PORT_MAX = 65_535;

    @AttributeDefinition(name = "UPS port", description = "0-65535; 0 picks a free port.",
            min = "" + UPS_PORT_MIN, max = "" + UPS_PORT_MAX)
    int ups_port() default 5022;

    @AttributeDefinition(name = "Noise", description = "Add small plausible jitter to voltages and frequencies.")
    boolean noise() default true;

    /** The range of generator.start.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    double GENERATOR_START_SECONDS_MIN = 0, GENERATOR_START_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Generator start (s)", description = "Outage scenario: seconds from mains loss to generator "
            + "running, 0-3600.", min = "" + GENERATOR_START_SECONDS_MIN, max = "" + GENERATOR_START_SECONDS_MAX)
    double generator_start_seconds() default 10;

    /** The range of transfer.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    double TRANSFER_SECONDS_MIN = 0, TRANSFER_SECONDS_MAX = 600;

    @AttributeDefinition(name = "Transfer (s)", description = "Outage scenario: seconds from generator start until the "
            + "transfer switch feeds the cabinet from it, 0-600.",
            min = "" + TRANSFER_SECONDS_MIN, max = "" + TRANSFER_SECONDS_MAX)
    double transfer_seconds() default 2;

    /** The range of outage.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    double OUTAGE_SECONDS_MIN = 0, OUTAGE_SECONDS_MAX = 86400;

    @AttributeDefinition(name = "Outage (s)", description = "Outage scenario: seconds until mains is back, 0-86400; at least "
            + "generator start plus transfer.", min = "" + OUTAGE_SECONDS_MIN, max = "" + OUTAGE_SECONDS_MAX)
    double outage_seconds() default 60;

    /** The range of cooldown.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    double COOLDOWN_SECONDS_MIN = 0, COOLDOWN_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Cool-down (s)", description = "Outage scenario: seconds the generator runs on after mains is "
            + "back, 0-3600.", min = "" + COOLDOWN_SECONDS_MIN, max = "" + COOLDOWN_SECONDS_MAX)
    double cooldown_seconds() default 30;

    @AttributeDefinition(name = "Start scenario", description = "A scenario command run at activation, e.g. 'scenario outage'; "
            + "empty for none.")
    String start_scenario() default "";
}
