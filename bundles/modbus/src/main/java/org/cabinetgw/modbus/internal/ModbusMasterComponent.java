package org.cabinetgw.modbus.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.ModbusMaster;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModbusMaster} service. Keeps one {@link SharedLine} per line address (transport + host:port,
 * or serial device): leases on the same address share it. Owns no thread; requests run on the caller's.
 * On deactivation every line is closed, which also unblocks requests in flight.
 */
@Component(service = ModbusMaster.class)
public class ModbusMasterComponent implements ModbusMaster {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusMasterComponent.class);

    private final Map<String, SharedLine> lines = new HashMap<>();
    private boolean deactivated;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ModbusWritePermit writePermit; // absent on the standby of a pair: no writes from there
    // set when DS activates the component; a master made by hand (the unit tests, the benchmarks) has no permit to ask
    private volatile boolean gated;

    @Activate
    void activate() {
        gated = true;
    }

    /** Refuses a write unless this node acts for the cabinet (see {@link ModbusWritePermit}). */
    void checkMayWrite(ModbusEndpoint endpoint) throws org.cabinetgw.modbus.ModbusException {
        if (gated && writePermit == null) {
            throw new org.cabinetgw.modbus.ModbusException(org.cabinetgw.modbus.ModbusException.Kind.NOT_ACTING,
                    endpoint.describe() + ": write refused: this gateway does not act for the cabinet (the standby of"
                            + " a pair); the active node writes");
        }
    }

    @Override
    public ModbusLine open(ModbusEndpoint endpoint) {
        String key = endpoint.describe();
        synchronized (lines) {
            if (deactivated) {
                throw new IllegalStateException("the Modbus master is stopping");
            }
            SharedLine line = lines.get(key);
            if (line == null) {
                LineDriver driver = endpoint.transport() == org.cabinetgw.modbus.Transport.RTU_OVER_TCP
                        ? new RtuOverTcpDriver(endpoint) : new J2modDriver(endpoint);
                line = new SharedLine(endpoint, driver);
                lines.put(key, line);
            } else if (!line.endpoint().equals(endpoint)) {
                LOG.info("Modbus line {} is shared; its timing settings are those of its first user", key);
            }
            line.addLease();
            return new LineLease(line, this);
        }
    }

    void release(SharedLine line) {
        synchronized (lines) {
            if (line.removeLease() <= 0) {
                lines.remove(line.endpoint().describe(), line);
                line.close();
            }
        }
    }

    /** Lines currently open (for tests and diagnostics). */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    @Deactivate
    void deactivate() {
        List<SharedLine> toClose;
        synchronized (lines) {
            deactivated = true;
            toClose = new ArrayList<>(lines.values());
            lines.clear();
        }
        toClose.forEach(SharedLine::close);
    }
}
