package org.cabinetgw.power.internal.meter;

import org.cabinetgw.modbus.Transport;
import org.cabinetgw.power.MeterRole;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = MeterComponent.PID, name = "Cabinet power meter",
        description = "A Modbus power meter on mains, generator, UPS or the cabinet feeder. One configuration per meter.")
public @interface MeterConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the meter: letters, digits, '-' or '_', 1-32 characters. "
            + "Used in events, health (power.meter.<name>) and telemetry topics (power/<name>).")
    String meter_name() default "mains";

    @AttributeDefinition(name = "Role", description = "What the meter measures.")
    MeterRole meter_role() default MeterRole.MAINS;

    @AttributeDefinition(name = "Transport", description = "TCP: Modbus TCP. RTU_OVER_TCP: RTU frames through a "
            + "serial-to-Ethernet gateway. RTU_SERIAL: a local RS-485 port.")
    Transport transport() default Transport.TCP;

    @AttributeDefinition(name = "Host", description = "Host name or address (TCP transports).")
    String host() default "127.0.0.1";

    /** The range of port, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PORT_MIN = 1, PORT_MAX = 65_535;

    @AttributeDefinition(name = "Port", description = "TCP port (TCP transports), 1-65535.",
            min = "" + PORT_MIN, max = "" + PORT_MAX)
    int port() default 502;

    @AttributeDefinition(name = "Serial port", description = "Serial device for RTU_SERIAL, e.g. /dev/ttyUSB0.")
    String serial_port() default "";

    /** The range of baud.rate, for the Metatype and the settings check (CHANGES.md rule 3). */
    int BAUD_RATE_MIN = 1200, BAUD_RATE_MAX = 115_200;

    @AttributeDefinition(name = "Baud rate", description = "Serial speed for RTU_SERIAL, 1200-115200.",
            min = "" + BAUD_RATE_MIN, max = "" + BAUD_RATE_MAX)
    int baud_rate() default 9600;

    @AttributeDefinition(name = "Parity", description = "Serial parity for RTU_SERIAL: N, E or O (Eastron meters default to E).")
    String parity() default "N";

    /** The range of stop.bits, for the Metatype and the settings check (CHANGES.md rule 3). */
    int STOP_BITS_MIN = 1, STOP_BITS_MAX = 2;

    @AttributeDefinition(name = "Stop bits", description = "Serial stop bits for RTU_SERIAL, 1-2.",
            min = "" + STOP_BITS_MIN, max = "" + STOP_BITS_MAX)
    int stop_bits() default 1;

    /** The range of unit.id, for the Metatype and the settings check (CHANGES.md rule 3). */
    int UNIT_ID_MIN = 0, UNIT_ID_MAX = 255;

    @AttributeDefinition(name = "Unit id", description = "Modbus unit (slave) id, 0-255; 1-247 on a serial bus.",
            min = "" + UNIT_ID_MIN, max = "" + UNIT_ID_MAX)
    int unit_id() default 1;

    @AttributeDefinition(name = "Register map", description = "A preset, or CUSTOM to use the custom points below.")
    Preset preset() default Preset.SDM630;

    @AttributeDefinition(name = "Custom points", description = "For CUSTOM: one point per entry, "
            + "name;table;address;type[;order[;scale[;offset[;unit[;length]]]]] with table coil|discrete|holding|input, "
            + "address 0-based, type bool|int16|uint16|int32|uint32|int64|uint64|float32|float64|string, order ABCD|CDAB|BADC|DCBA.")
    String[] custom_points() default {};

    /** The range of custom.max.block, for the Metatype and the settings check (CHANGES.md rule 3). */
    int CUSTOM_MAX_BLOCK_MIN = 1, CUSTOM_MAX_BLOCK_MAX = 125;

    @AttributeDefinition(name = "Custom block size", description = "For CUSTOM: most registers per read request, 1-125.",
            min = "" + CUSTOM_MAX_BLOCK_MIN, max = "" + CUSTOM_MAX_BLOCK_MAX)
    int custom_max_block() default 125;

    /** The range of custom.max.gap, for the Metatype and the settings check (CHANGES.md rule 3). */
    int CUSTOM_MAX_GAP_MIN = 0, CUSTOM_MAX_GAP_MAX = 124;

    @AttributeDefinition(name = "Custom gap", description = "For CUSTOM: unused registers a block may read across, 0-124. "
            + "0 when the device answers an exception for undocumented registers.",
            min = "" + CUSTOM_MAX_GAP_MIN, max = "" + CUSTOM_MAX_GAP_MAX)
    int custom_max_gap() default 0;

    /** The range of poll.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int POLL_MILLIS_MIN = 100, POLL_MILLIS_MAX = 3_600_000;

    @AttributeDefinition(name = "Poll interval (ms)", description = "Time between polls, 100-3600000.",
            min = "" + POLL_MILLIS_MIN, max = "" + POLL_MILLIS_MAX)
    int poll_millis() default 1000;

    /** The range of timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int TIMEOUT_MILLIS_MIN = 50, TIMEOUT_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Timeout (ms)", description = "Answer timeout per request, 50-60000.",
            min = "" + TIMEOUT_MILLIS_MIN, max = "" + TIMEOUT_MILLIS_MAX)
    int timeout_millis() default 1000;

    /** The range of retries, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RETRIES_MIN = 0, RETRIES_MAX = 10;

    @AttributeDefinition(name = "Retries", description = "Repeats of a failed request before the poll fails, 0-10.",
            min = "" + RETRIES_MIN, max = "" + RETRIES_MAX)
    int retries() default 1;

    /** The range of pause.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PAUSE_MILLIS_MIN = 0, PAUSE_MILLIS_MAX = 10_000;

    @AttributeDefinition(name = "Pause between requests (ms)", description = "Silence kept on the line between two requests, "
            + "0-10000; many RS-485 meters need 20-50.", min = "" + PAUSE_MILLIS_MIN, max = "" + PAUSE_MILLIS_MAX)
    int pause_millis() default 0;

    /** The range of max.backoff.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MAX_BACKOFF_MILLIS_MIN = 100, MAX_BACKOFF_MILLIS_MAX = 600_000;

    @AttributeDefinition(name = "Maximum reconnect backoff (ms)", description = "Longest wait between reconnect attempts, 100-600000.",
            min = "" + MAX_BACKOFF_MILLIS_MIN, max = "" + MAX_BACKOFF_MILLIS_MAX)
    int max_backoff_millis() default 30000;

    /** The range of telemetry.every, for the Metatype and the settings check (CHANGES.md rule 3). */
    int TELEMETRY_EVERY_MIN = 0, TELEMETRY_EVERY_MAX = 100_000;

    @AttributeDefinition(name = "Telemetry every N polls", description = "Send the reading as telemetry every N polls, "
            + "0 for never, 0-100000.", min = "" + TELEMETRY_EVERY_MIN, max = "" + TELEMETRY_EVERY_MAX)
    int telemetry_every() default 10;
}
