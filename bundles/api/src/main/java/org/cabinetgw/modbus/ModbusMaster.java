package org.cabinetgw.modbus;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Modbus master service. Lines are shared per {@link ModbusEndpoint} (same transport and address):
 * two meters behind one RS-485 gateway get the same underlying line and their requests never overlap.
 * When the service goes away (bundle stopped or updated), every line it opened is closed.
 */
@ProviderType
public interface ModbusMaster {

    /**
     * A lease on the line to {@code endpoint}. Does not connect yet: the line connects on its first
     * request, so opening never blocks and never fails for an unreachable device.
     *
     * @throws IllegalArgumentException when the endpoint's transport is not available here (for example no
     *                                  serial support installed)
     */
    ModbusLine open(ModbusEndpoint endpoint);
}
