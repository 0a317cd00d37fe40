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
        int unit = Check.range("unit.id", c.unit_id(), MeterConfig.UNIT_ID_MIN, MeterConfig.UNIT_ID_MAX);
        int poll = Check.range("poll.millis", c.poll_millis(),
                MeterConfig.POLL_MILLIS_MIN, MeterConfig.POLL_MILLIS_MAX);
        int timeout = Check.range("timeout.millis", c.timeout_millis(),
                MeterConfig.TIMEOUT_MILLIS_MIN, MeterConfig.TIMEOUT_MILLIS_MAX);
        int retries = Check.range("retries", c.retries(), MeterConfig.RETRIES_MIN, MeterConfig.RETRIES_MAX);
        int pause = Check.range("pause.millis", c.pause_millis(),
                MeterConfig.PAUSE_MILLIS_MIN, MeterConfig.PAUSE_MILLIS_MAX);
        int backoff = Check.range("max.backoff.millis", c.max_backoff_millis(),
                MeterConfig.MAX_BACKOFF_MILLIS_MIN, MeterConfig.MAX_BACKOFF_MILLIS_MAX);
        int telemetry = Check.range("telemetry.every", c.telemetry_every(),
                MeterConfig.TELEMETRY_EVERY_MIN, MeterConfig.TELEMETRY_EVERY_MAX);
        ModbusEndpoint endpoint;
        if (transport == Transport.RTU_SERIAL) {
            String port = Check.text("serial.port", c.serial_port(), "/dev/[A-Za-z0-9_./-]{1,64}|COM[0-9]{1,3}",
                    "a device such as /dev/ttyUSB0");
            int baud = Check.range("baud.rate", c.baud_rate(), MeterConfig.BAUD_RATE_MIN, MeterConfig.BAUD_RATE_MAX);
            String parity = Check.text("parity", c.parity(), "[NEOneo]", "N, E or O");
            int stop = Check.range("stop.bits", c.stop_bits(), MeterConfig.STOP_BITS_MIN, MeterConfig.STOP_BITS_MAX);
            endpoint = new ModbusEndpoint(transport, "", 0, port, baud, Character.toUpperCase(parity.charAt(0)), stop,
                    Duration.ofMillis(timeout), retries, Duration.ofMillis(pause), Duration.ofMillis(backoff));
        } else {
            String host = Check.text("host", c.host(), "[A-Za-z0-9_.:-]{1,253}", "a host name or address");
            int port = Check.range("port", c.port(), MeterConfig.PORT_MIN, MeterConfig.PORT_MAX);
            endpoint = new ModbusEndpoint(transport, host, port, "", 0, 'N', 1, Duration.ofMillis(timeout), retries,
                    Duration.ofMillis(pause), Duration.ofMillis(backoff));
        }
        Preset preset = c.preset() == null ? Preset.SDM630 : c.preset();
        RegisterMap map = switch (preset) {
            case SDM630 -> Presets.sdm630();
            case UPS_GENERIC -> Presets.genericUps();
            case SUNSPEC -> null;
            case CUSTOM -> {
                int block = Check.range("custom.max.block", c.custom_max_block(),
                        MeterConfig.CUSTOM_MAX_BLOCK_MIN, MeterConfig.CUSTOM_MAX_BLOCK_MAX);
                int gap = Check.range("custom.max.gap", c.custom_max_gap(),
                        MeterConfig.CUSTOM_MAX_GAP_MIN, MeterConfig.CUSTOM_MAX_GAP_MAX);
                try {
                    yield MapParser.parse(name, c.custom_points(), block, gap);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("custom.points: " + e.getMessage(), e);
                }
            }
        };
        return new MeterSettings(name, c.meter_role(), endpoint, unit, preset, map, Duration.ofMillis(poll), telemetry);
    }
}
