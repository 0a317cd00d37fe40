package org.cabinetgw.sim.power.internal;

import org.apache.felix.service.command.Descriptor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.support.internal.settings.RenamedSettings;
import org.cabinetgw.support.internal.settings.SettingRanges;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
    private volatile SimControl control;
    /** A refused configuration's entry config:<pid>, and why, while the simulator is not started. */
    private ServiceRegistration<HealthContributor> refusal;
    private volatile String refusedBecause;

    @Activate
    void activate(SimulatorConfig given, BundleContext context, Map<String, Object> properties) {
        // the names of the last release are read for one more, with a WARN (CHANGES.md, rule 5)
        SimulatorConfig c = RenamedSettings.of(PID, SimulatorComponent.class)
                .config(SimulatorConfig.class, given, properties, LOG::warn);
        // a refused setting or a port that cannot be listened on is reported as every bundle reports it (one WARN
        // from core, config:<pid> DOWN in /health), not thrown: SCR would print a stack trace and say nothing
        // an integrator can act on
        try {
            check(c);
            start(c);
        } catch (IllegalArgumentException e) {
            LOG.debug("Power simulator: configuration refused", e);
            refusedBecause = e.getMessage();
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "the power simulator is not started", e);
        }
    }

    static void check(SimulatorConfig c) {
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
    }

    private void start(SimulatorConfig c) {
        Cabinet cabinet = new Cabinet(c.noise());
        listen("mains", "mains.port", new Sdm630Device(cabinet::mains), c.host(), c.mains_port());
        listen("generator", "generator.port", new SunSpecMeterDevice(cabinet::generator), c.host(), c.generator_port());
        listen("ups", "ups.port", new UpsDevice(cabinet), c.host(), c.ups_port());
        control = new SimControl(cabinet, servers, scenarios,
                new SimControl.OutageTiming(c.generator_start_seconds(), c.outage_seconds(), c.transfer_seconds(), c.cooldown_seconds()));
        LOG.info("Power simulator: {}", control.status());
        if (!c.start_scenario().isBlank()) {
            control.execute(c.start_scenario());
        }
    }

    /** One device's server; a port that cannot be listened on is the setting's fault, named (the others closed). */
    private void listen(String name, String setting, Device device, String host, int port) {
        try {
            servers.put(name, new ModbusTcpServer(name, device, host, port));
        } catch (IOException e) {
            deactivate();
            throw new IllegalArgumentException(setting + " = " + port + ": the power simulator cannot listen on "
                    + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        scenarios.stop();
        servers.values().forEach(ModbusTcpServer::close);
        servers.clear();
    }

    /** Gogo: {@code power:sim scenario outage 10 60}. */
    @Descriptor("drive the simulated meters: status | mains on|off | generator on|off | ups battery|line | "
            + "ups charge 0-100 | fault mains|generator|ups normal|silent|exception | scenario outage|stop")
    public String sim(@Descriptor("the command and its arguments") String... words) {
        try {
            return execute(String.join(" ", words));
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    /** For the HTTP endpoint and the shell; refused, with why, while the configuration is refused. */
    String execute(String command) {
        SimControl c = control;
        if (c == null) {
            throw new IllegalArgumentException("the power simulator is not started: its configuration is refused: "
                    + refusedBecause);
        }
        return c.execute(command);
    }
}
