package org.cabinetgw.uplink.internal.kura;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

import org.cabinetgw.network.CellularModem;
import org.cabinetgw.network.ModemIdentity;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The cellular modem's identity for the BIRTH certificate, asked of the network bundle's {@link CellularModem}
 * services when a certificate is written (after each connect, and APPS): no tracker to keep, and a modem read a
 * moment ago is there. With several cellular links, the first that has read its modem (Kura has one modem).
 */
final class ModemFacts {

    private ModemFacts() {
    }

    static Supplier<Optional<ModemIdentity>> of(BundleContext context) {
        return () -> {
            try {
                Collection<ServiceReference<CellularModem>> refs = context.getServiceReferences(CellularModem.class, null);
                for (ServiceReference<CellularModem> ref : refs) {
                    CellularModem modem = context.getService(ref);
                    if (modem == null) {
                        continue;
                    }
                    try {
                        Optional<ModemIdentity> identity = modem.identity();
                        if (identity.isPresent()) {
                            return identity;
                        }
                    } finally {
                        context.ungetService(ref);
                    }
                }
            } catch (InvalidSyntaxException | IllegalStateException | NoClassDefFoundError e) {
                // no filter given; the uplink stopping; a framework without the network api (Kura): no modem facts
            }
            return Optional.empty();
        };
    }
}
