package org.cabinetgw.sim.power.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's commands, shared by the Gogo command and the HTTP endpoint. One line in, one text out;
 * a bad command throws IllegalArgumentException naming what was wrong.
 */
final class SimControl {

    static final String HELP = String.join("\n",
            "status",
            "mains on|off                        generator on|off",
            "ups battery|line                    ups charge <0-100>",
            "voltage mains|generator <0-1000>    frequency mains|generator <0-100>",
            "fault mains|generator|ups normal|silent|exception",
            "scenario outage [generator.start.seconds [outage.seconds [transfer.seconds [cooldown.seconds]]]]",
            "scenario silent|exceptions mains|generator|ups <seconds>",
            "scenario stop");

    private final Cabinet cabinet;
    private final Map<String, ModbusTcpServer> servers;
    private final ScenarioRunner scenarios;
    private final OutageTiming defaults;

    /** Default timing of the outage scenario, from the configuration. */
    record OutageTiming(double generatorStartS, double outageS, double transferS, double cooldownS) {
    }

    SimControl(Cabinet cabinet, Map<String, ModbusTcpServer> servers, ScenarioRunner scenarios, OutageTiming defaults) {
        this.cabinet = cabinet;
        this.servers = servers;
        this.scenarios = scenarios;
        this.defaults = defaults;
    }

    String execute(String line) {
        String[] w = line == null ? new String[0] : line.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (w.length == 0 || w[0].isEmpty() || w[0].equals("help")) {
            return HELP;
        }
        switch (w[0]) {
            case "status" -> {
                return status();
            }
            case "mains" -> cabinet.mains(onOff(w, 1));
            case "generator" -> cabinet.generator(onOff(w, 1));
            case "ups" -> ups(w);
            case "voltage" -> cabinet.voltage(source(w, 1), number(w, 2, 0, 1000));
            case "frequency" -> cabinet.frequency(source(w, 1), number(w, 2, 0, 100));
            case "fault" -> device(w, 1).fault(fault(w, 2));
            case "scenario" -> scenario(w);
            default -> throw new IllegalArgumentException("unknown command '" + w[0] + "'; try help");
        }
        return "ok: " + status();
    }

    String status() {
        StringBuilder b = new StringBuilder(cabinet.describe());
        servers.forEach((name, s) -> b.append("; ").append(name).append(' ').append(s.device().kind()).append(" on port ")
                .append(s.port()).append(s.device().fault() == FaultMode.NORMAL ? "" : " " + s.device().fault()));
        b.append("; scenario ").append(scenarios.current());
        return b.toString();
    }

    private void ups(String[] w) {
        String what = word(w, 1, "battery|line|charge");
        switch (what) {
            case "battery" -> cabinet.upsOnBattery(true);
            case "line" -> cabinet.upsOnBattery(false);
            case "charge" -> cabinet.upsCharge(number(w, 2, 0, 100));
            default -> throw new IllegalArgumentException("ups takes battery, line or charge, not '" + what + "'");
        }
    }

    private void scenario(String[] w) {
        String which = word(w, 1, "outage|silent|exceptions|stop");
        switch (which) {
            case "stop" -> scenarios.stop();
            case "outage" -> {
                double start = w.length > 2 ? number(w, 2, 0, 3600) : defaults.generatorStartS();
                double outage = w.length > 3 ? number(w, 3, 0, 86_400) : defaults.outageS();
                double transfer = w.length > 4 ? number(w, 4, 0, 600) : defaults.transferS();
                double cooldown = w.length > 5 ? number(w, 5, 0, 3600) : defaults.cooldownS();
                if (outage < start + transfer) {
                    throw new IllegalArgumentException("outage.seconds must be at least generator.start.seconds + transfer.seconds");
                }
                scenarios.start("outage", List.of(
                        new ScenarioRunner.Step(0, "mains fails, the UPS bridges", () -> {
                            cabinet.mains(false);
                            cabinet.upsOnBattery(true);
                        }),
                        new ScenarioRunner.Step(ms(start), "generator starts", () -> cabinet.generator(true)),
                        new ScenarioRunner.Step(ms(start + transfer), "transfer switch to generator, UPS on line",
                                () -> cabinet.upsOnBattery(false)),
                        new ScenarioRunner.Step(ms(outage), "mains is back", () -> cabinet.mains(true)),
                        new ScenarioRunner.Step(ms(outage + cooldown), "generator stops after its cool-down",
                                () -> cabinet.generator(false))));
            }
            case "silent", "exceptions" -> {
                Device d = device(w, 2);
                double seconds = number(w, 3, 0, 86_400);
                FaultMode mode = which.equals("silent") ? FaultMode.SILENT : FaultMode.EXCEPTION;
                scenarios.start(which + " " + w[2], List.of(
                        new ScenarioRunner.Step(0, w[2] + " " + mode, () -> d.fault(mode)),
                        new ScenarioRunner.Step(ms(seconds), w[2] + " answers again", () -> d.fault(FaultMode.NORMAL))));
            }
            default -> throw new IllegalArgumentException("unknown scenario '" + which + "'");
        }
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }

    private Device device(String[] w, int i) {
        String name = word(w, i, "mains|generator|ups");
        ModbusTcpServer s = servers.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no simulated device '" + name + "'; there are " + servers.keySet());
        }
        return s.device();
    }

    private static String source(String[] w, int i) {
        String s = word(w, i, "mains|generator");
        if (!s.equals("mains") && !s.equals("generator")) {
            throw new IllegalArgumentException("source must be mains or generator, not '" + s + "'");
        }
        return s;
    }

    private static boolean onOff(String[] w, int i) {
        String s = word(w, i, "on|off");
        if (!s.equals("on") && !s.equals("off")) {
            throw new IllegalArgumentException("expected on or off, not '" + s + "'");
        }
        return s.equals("on");
    }

    private static FaultMode fault(String[] w, int i) {
        String s = word(w, i, "normal|silent|exception");
        return switch (s) {
            case "normal" -> FaultMode.NORMAL;
            case "silent" -> FaultMode.SILENT;
            case "exception", "exceptions" -> FaultMode.EXCEPTION;
            default -> throw new IllegalArgumentException("fault must be normal, silent or exception, not '" + s + "'");
        };
    }

    private static double number(String[] w, int i, double min, double max) {
        String s = word(w, i, "a number");
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(s + " is outside " + min + "-" + max);
        }
        return v;
    }

    private static String word(String[] w, int i, String expected) {
        if (w.length <= i) {
            throw new IllegalArgumentException("'" + String.join(" ", w) + "' needs " + expected);
        }
        return w[i];
    }
}
