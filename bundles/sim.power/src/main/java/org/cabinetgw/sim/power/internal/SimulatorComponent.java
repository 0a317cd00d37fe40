package org.cabinetgw.sim.power.internal;

import org.apache.felix.service.command.Descriptor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.cabinetgw.support.internal.settings.SettingRanges;
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
    void activate(SimulatorConfig given, Map<String, Object> properties) throws IOException {
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        SimulatorConfig c = RenamedSettings.of(PID, SimulatorComponent.class)
                .config(SimulatorConfig.class, given, properties, LOG::warn);
        SettingRanges.check("mains.port", c.mains_port(),
                SimulatorConfig.MAINS_PORT_MIN, SimulatorConfig.MAINS_PORT_MAX);
        SettingRanges.check("generator.port", c.generator_port(),
                SimulatorConfig.GENERATOR_PORT_MIN, SimulatorConfig.GENERATOR_PORT_MAX);
        SettingRanges.check("ups.port", c.ups_port(), SimulatorConfig.UPS_PORT_MIN, SimulatorConfig.UPS_PORT_MAX);
        SettingRanges.check("generator.start.seconds", c.generator_start_seconds(),
                SimulatorConfig.GENERATOR_START_SECONDS_MIN, SimulatorConfig.GENERATOR_START_SECONDS_MAX);
        SettingRanges.check("transfer.seconds", c.transfer_seconds(),
                SimulatorConfig.TRANSFER_SECONDS_MIN, SimulatorConfig.TRANSFER_SECONDS_MAX);
        SettingRanges.check("outage.seconds", c.outage_seconds(),
                SimulatorConfig.OUTAGE_SECONDS_MIN, SimulatorConfig.OUTAGE_SECONDS_MAX);
        SettingRanges.check("cooldown.seconds", c.cooldown_seconds(),
                SimulatorConfig.COOLDOWN_SECONDS_MIN, SimulatorConfig.COOLDOWN_SECONDS_MAX);
        if (c.outage_seconds() < c.generator_start_seconds() + c.transfer_seconds()) {
            throw new IllegalArgumentException("outage.seconds = " + c.outage_seconds()
                    + " must be at least generator.start.seconds + transfer.seconds");
        }
        Cabinet cabinet = new Cabinet(c.noise());
        try {
            servers.put("mains", new ModbusTcpServer("mains", new Sdm630Device(cabinet::mains), c.host(), c.mains_port()));
            servers.put("generator", new ModbusTcpServer("generator", new SunSpecMeterDevice(cabinet::generator), c.host(),
                    c.generator_port()));
            servers.put("ups", new ModbusTcpServer("ups", new UpsDevice(cabinet), c.host(), c.ups_port()));
        } catch (IOException e) {
            deactivate();
            throw new IOException("power simulator cannot listen on " + c.host() + ": " + e.getMessage(), e);
        }
        control = new SimControl(cabinet, servers, scenarios,
                new SimControl.OutageTiming(c.generator_start_seconds(), c.outage_seconds(), c.transfer_seconds(), c.cooldown_seconds()));
        LOG.info("Power simulator: {}", control.status());
        if (!c.start_scenario().isBlank()) {
            control.execute(c.start_scenario());
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
}
