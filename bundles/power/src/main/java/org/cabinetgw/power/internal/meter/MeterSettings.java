package org.cabinetgw.power.internal.meter;

import java.time.Duration;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.Transport;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.internal.Check;
import org.cabinetgw.power.internal.map.MapParser;
import org.cabinetgw.power.internal.map.RegisterMap;
import org.cabinetgw.power.internal.preset.Presets;

/**
 * A meter configuration, validated. {@link #from} throws IllegalArgumentException naming the attribute,
 * its value and the allowed range; the component lets it escape from activate so DS refuses the config.
 *
 * @param map the fixed map, or null for SUNSPEC (found by discovery at run time)
 */
public record MeterSettings(String name, MeterRole role, ModbusEndpoint endpoint, int unitId, Preset preset,
        RegisterMap map, Duration pollInterval, int telemetryEvery) {

    public static MeterSettings from(MeterConfig c) {
        String name = Check.text("meter.name", c.meter_name(), "[A-Za-z0-9_-]{1,32}",
                "1-32 letters, digits, '-' or '_'");
        if (c.meter_role() == null) {
            throw new IllegalArgumentException("meter.role must be one of MAINS, GENERATOR, UPS, FEEDER");
        }
        Transport transport = c.transport();
        if (transport == null) {
            throw new IllegalArgumentException("transport must be one of TCP, RTU_OVER_TCP, RTU_SERIAL");
        }
        int unit = Check.range("unitId", c.unitId(), 0, 255);
        int poll = Check.range("pollIntervalMs", c.pollIntervalMs(), 100, 3_600_000);
        int timeout = Check.range("timeoutMs", c.timeoutMs(), 50, 60_000);
        int retries = Check.range("retries", c.retries(), 0, 10);
        int pause = Check.range("pauseMs", c.pauseMs(), 0, 10_000);
        int backoff = Check.range("maxBackoffMs", c.maxBackoffMs(), 100, 600_000);
        int telemetry = Check.range("telemetryEvery", c.telemetryEvery(), 0, 100_000);
        ModbusEndpoint endpoint;
        if (transport == Transport.RTU_SERIAL) {
            String port = Check.text("serialPort", c.serialPort(), "/dev/[A-Za-z0-9_./-]{1,64}|COM[0-9]{1,3}",
                    "a device such as /dev/ttyUSB0");
            int baud = Check.range("baudRate", c.baudRate(), 1200, 115_200);
            String parity = Check.text("parity", c.parity(), "[NEOneo]", "N, E or O");
            int stop = Check.range("stopBits", c.stopBits(), 1, 2);
            endpoint = new ModbusEndpoint(transport, "", 0, port, baud, Character.toUpperCase(parity.charAt(0)), stop,
                    Duration.ofMillis(timeout), retries, Duration.ofMillis(pause), Duration.ofMillis(backoff));
        } else {
            String host = Check.text("host", c.host(), "[A-Za-z0-9_.:-]{1,253}", "a host name or address");
            int port = Check.range("port", c.port(), 1, 65535);
            endpoint = new ModbusEndpoint(transport, host, port, "", 0, 'N', 1, Duration.ofMillis(timeout), retries,
                    Duration.ofMillis(pause), Duration.ofMillis(backoff));
        }
        Preset preset = c.preset() == null ? Preset.SDM630 : c.preset();
        RegisterMap map = switch (preset) {
            case SDM630 -> Presets.sdm630();
            case UPS_GENERIC -> Presets.genericUps();
            case SUNSPEC -> null;
            case CUSTOM -> {
                int block = Check.range("customMaxBlock", c.customMaxBlock(), 1, 125);
                int gap = Check.range("customMaxGap", c.customMaxGap(), 0, 124);
                try {
                    yield MapParser.parse(name, c.customPoints(), block, gap);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("customPoints: " + e.getMessage(), e);
                }
            }
        };
        return new MeterSettings(name, c.meter_role(), endpoint, unit, preset, map, Duration.ofMillis(poll), telemetry);
    }
}
