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

    @AttributeDefinition(name = "Port", description = "TCP port (TCP transports), 1-65535.", min = "1", max = "65535")
    int port() default 502;

    @AttributeDefinition(name = "Serial port", description = "Serial device for RTU_SERIAL, e.g. /dev/ttyUSB0.")
    String serialPort() default "";

    @AttributeDefinition(name = "Baud rate", description = "Serial speed for RTU_SERIAL, 1200-115200.", min = "1200", max = "115200")
    int baudRate() default 9600;

    @AttributeDefinition(name = "Parity", description = "Serial parity for RTU_SERIAL: N, E or O (Eastron meters default to E).")
    String parity() default "N";

    @AttributeDefinition(name = "Stop bits", description = "Serial stop bits for RTU_SERIAL, 1-2.", min = "1", max = "2")
    int stopBits() default 1;

    @AttributeDefinition(name = "Unit id", description = "Modbus unit (slave) id, 0-255; 1-247 on a serial bus.", min = "0", max = "255")
    int unitId() default 1;

    @AttributeDefinition(name = "Register map", description = "A preset, or CUSTOM to use the custom points below.")
    Preset preset() default Preset.SDM630;

    @AttributeDefinition(name = "Custom points", description = "For CUSTOM: one point per entry, "
            + "name;table;address;type[;order[;scale[;offset[;unit[;length]]]]] with table coil|discrete|holding|input, "
            + "address 0-based, type bool|int16|uint16|int32|uint32|int64|uint64|float32|float64|string, order ABCD|CDAB|BADC|DCBA.")
    String[] customPoints() default {};

    @AttributeDefinition(name = "Custom block size", description = "For CUSTOM: most registers per read request, 1-125.",
            min = "1", max = "125")
    int customMaxBlock() default 125;

    @AttributeDefinition(name = "Custom gap", description = "For CUSTOM: unused registers a block may read across, 0-124. "
            + "0 when the device answers an exception for undocumented registers.", min = "0", max = "124")
    int customMaxGap() default 0;

    @AttributeDefinition(name = "Poll interval (ms)", description = "Time between polls, 100-3600000.", min = "100", max = "3600000")
    int pollIntervalMs() default 1000;

    @AttributeDefinition(name = "Timeout (ms)", description = "Answer timeout per request, 50-60000.", min = "50", max = "60000")
    int timeoutMs() default 1000;

    @AttributeDefinition(name = "Retries", description = "Repeats of a failed request before the poll fails, 0-10.", min = "0", max = "10")
    int retries() default 1;

    @AttributeDefinition(name = "Pause between requests (ms)", description = "Silence kept on the line between two requests, "
            + "0-10000; many RS-485 meters need 20-50.", min = "0", max = "10000")
    int pauseMs() default 0;

    @AttributeDefinition(name = "Maximum reconnect backoff (ms)", description = "Longest wait between reconnect attempts, 100-600000.",
            min = "100", max = "600000")
    int maxBackoffMs() default 30000;

    @AttributeDefinition(name = "Telemetry every N polls", description = "Send the reading as telemetry every N polls, "
            + "0 for never, 0-100000.", min = "0", max = "100000")
    int telemetryEvery() default 10;
}
