package org.cabinetgw.sim.power.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = SimulatorComponent.PID, name = "Power simulator",
        description = "Modbus TCP servers that behave like an SDM630 on mains, a SunSpec meter on the generator and a UPS, "
                + "with scripted scenarios. For the demo and tests; never on a real cabinet.")
public @interface SimulatorConfig {

    @AttributeDefinition(name = "Listen address", description = "Address the servers bind to; 127.0.0.1 keeps them local.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Mains SDM630 port", description = "0-65535; 0 picks a free port (see 'power:sim status').",
            min = "0", max = "65535")
    int mainsPort() default 5020;

    @AttributeDefinition(name = "Generator SunSpec port", description = "0-65535; 0 picks a free port.", min = "0", max = "65535")
    int generatorPort() default 5021;

    @AttributeDefinition(name = "UPS port", description = "0-65535; 0 picks a free port.", min = "0", max = "65535")
    int upsPort() default 5022;

    @AttributeDefinition(name = "Noise", description = "Add small plausible jitter to voltages and frequencies.")
    boolean noise() default true;

    @AttributeDefinition(name = "Generator start (s)", description = "Outage scenario: seconds from mains loss to generator "
            + "running, 0-3600.", min = "0", max = "3600")
    double generatorStartS() default 10;

    @AttributeDefinition(name = "Transfer (s)", description = "Outage scenario: seconds from generator start until the "
            + "transfer switch feeds the cabinet from it, 0-600.", min = "0", max = "600")
    double transferS() default 2;

    @AttributeDefinition(name = "Outage (s)", description = "Outage scenario: seconds until mains is back, 0-86400; at least "
            + "generator start plus transfer.", min = "0", max = "86400")
    double outageS() default 60;

    @AttributeDefinition(name = "Cool-down (s)", description = "Outage scenario: seconds the generator runs on after mains is "
            + "back, 0-3600.", min = "0", max = "3600")
    double cooldownS() default 30;

    @AttributeDefinition(name = "Start scenario", description = "A scenario command run at activation, e.g. 'scenario outage'; "
            + "empty for none.")
    String startScenario() default "";
}
