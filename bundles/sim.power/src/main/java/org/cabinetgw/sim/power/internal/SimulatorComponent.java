package org.cabinetgw.sim.power.internal;

import org.apache.felix.service.command.Descriptor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The power simulator: three Modbus TCP servers over one {@link Cabinet} model, and the scenario runner.
 * Also the Gogo command {@code power:sim <command...>}. Starts only when configured.
 */
// Immediate: the Modbus servers must listen for as long as the simulator is configured, not only while some
// service user (the /sim/power servlet, a shell command) happens to hold it.
@Component(configurationPid = SimulatorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = SimulatorComponent.class, property = {"osgi.command.scope=power", "osgi.command.function=sim"})
@Designate(ocd = SimulatorConfig.class)
public class SimulatorComponent {

    public static final String PID = "org.cabinetgw.sim.power";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorComponent.class);

    private final Map<String, ModbusTcpServer> servers = new LinkedHashMap<>();
    private final ScenarioRunner scenarios = new ScenarioRunner();
    private SimControl control;

    @Activate
    void activate(SimulatorConfig c) throws IOException {
        check("mainsPort", c.mainsPort(), 0, 65535);
        check("generatorPort", c.generatorPort(), 0, 65535);
        check("upsPort", c.upsPort(), 0, 65535);
        check("generatorStartS", c.generatorStartS(), 0, 3600);
        check("transferS", c.transferS(), 0, 600);
        check("outageS", c.outageS(), 0, 86_400);
        check("cooldownS", c.cooldownS(), 0, 3600);
        if (c.outageS() < c.generatorStartS() + c.transferS()) {
            throw new IllegalArgumentException("outageS = " + c.outageS() + " must be at least generatorStartS + transferS");
        }
        Cabinet cabinet = new Cabinet(c.noise());
        try {
            servers.put("mains", new ModbusTcpServer("mains", new Sdm630Device(cabinet::mains), c.host(), c.mainsPort()));
            servers.put("generator", new ModbusTcpServer("generator", new SunSpecMeterDevice(cabinet::generator), c.host(),
                    c.generatorPort()));
            servers.put("ups", new ModbusTcpServer("ups", new UpsDevice(cabinet), c.host(), c.upsPort()));
        } catch (IOException e) {
            deactivate();
            throw new IOException("power simulator cannot listen on " + c.host() + ": " + e.getMessage(), e);
        }
        control = new SimControl(cabinet, servers, scenarios,
                new SimControl.OutageTiming(c.generatorStartS(), c.outageS(), c.transferS(), c.cooldownS()));
        LOG.info("Power simulator: {}", control.status());
        if (!c.startScenario().isBlank()) {
            control.execute(c.startScenario());
        }
    }

    @Deactivate
    void deactivate() {
        scenarios.stop();
        servers.values().forEach(ModbusTcpServer::close);
        servers.clear();
    }

    /** Gogo: {@code power:sim scenario outage 10 60}. */
    @Descriptor("drive the simulated meters: status | mains on|off | generator on|off | ups battery|line | "
            + "ups charge 0-100 | fault mains|generator|ups normal|silent|exception | scenario outage|stop")
    public String sim(@Descriptor("the command and its arguments") String... words) {
        try {
            return control.execute(String.join(" ", words));
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    /** For the HTTP endpoint. */
    String execute(String command) {
        return control.execute(command);
    }

    private static void check(String attribute, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(attribute + " = " + value + " is outside " + min + "-" + max);
        }
    }
}
