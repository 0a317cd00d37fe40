/**
 * The small Modbus master the rest of the gateway sees: a {@link org.cabinetgw.modbus.ModbusMaster}
 * service hands out {@link org.cabinetgw.modbus.ModbusLine}s (one physical line: a TCP connection or an
 * RS-485 bus) on which requests to several unit ids are serialised. No Modbus library type leaks
 * through this package, so the library behind it can change without touching its users.
 */
@Export
@Version("1.2.0")
package org.cabinetgw.modbus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
