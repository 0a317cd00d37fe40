package org.cabinetgw.console.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Every status page of the web console ({@code /system/console/status-*}, and the configuration status
 * download, which is made of the same printers) with secrets masked.
 *
 * <p>The pages are Felix Inventory printers ({@link InventoryPrinter} services), and some print what they
 * find in clear: the Declarative Services plugin's {@code scr} prints every component's properties (the
 * MQTT password, the bearer token), {@code Services} every service's properties. Felix offers no switch
 * for that (the web console masks Password attributes on its configuration pages only), so this bundle puts
 * itself in front of every printer: service hooks hide the original printers from every other bundle, and
 * for each one a {@link MaskingPrinter} with the same name and title is registered in its place. The
 * originals stay untouched and visible to the framework itself.
 *
 * <p>The hooks act on what a bundle finds and is told from then on, so they must exist before the
 * inventory bundle looks: this activator runs at start level 1 (framework property
 * {@code cabinetgw.startlevel.first}).
 */
public final class MaskedPrinters implements BundleActivator {

    private static final String PRINTER = InventoryPrinter.class.getName();
    /** Properties of the original a stand-in must not copy: the framework sets them. */
    private static final Set<String> OWN = Set.of(Constants.SERVICE_ID, Constants.OBJECTCLASS,
            Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE);

    private long self;
    private ServiceRegistration<?> findHook;
    private ServiceRegistration<?> eventHook;
    private ServiceTracker<InventoryPrinter, ServiceRegistration<InventoryPrinter>> originals;

    @Override
    public void start(BundleContext context) {
        self = context.getBundle().getBundleId();
        findHook = context.registerService(FindHook.class, this::hideFound, null);
        eventHook = context.registerService(EventListenerHook.class, this::hideEvent, null);
        originals = new ServiceTracker<>(context, InventoryPrinter.class, null) {
            @Override
            public ServiceRegistration<InventoryPrinter> addingService(ServiceReference<InventoryPrinter> ref) {
                if (!isOriginal(ref)) {
                    return null;
                }
                InventoryPrinter original = context.getService(ref);
                return original == null ? null
                        : context.registerService(InventoryPrinter.class, new MaskingPrinter(original), standIn(ref));
            }

            @Override
            public void removedService(ServiceReference<InventoryPrinter> ref, ServiceRegistration<InventoryPrinter> standIn) {
                standIn.unregister();
                context.ungetService(ref);
            }
        };
        originals.open();
    }

    @Override
    public void stop(BundleContext context) {
        originals.close();
        findHook.unregister();
        eventHook.unregister();
    }

    /** A printer of another bundle: the ones this bundle stands in for. */
    private boolean isOriginal(ServiceReference<?> ref) {
        if (ref.getBundle() == null || ref.getBundle().getBundleId() == self) {
            return false;
        }
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[] names) {
            for (String n : names) {
                if (PRINTER.equals(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Only this bundle and the framework see an original printer. */
    private boolean maySee(BundleContext viewer) {
        long id = viewer.getBundle().getBundleId();
        return id == self || id == 0;
    }

    private void hideFound(BundleContext viewer, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        if (!maySee(viewer)) {
            references.removeIf(this::isOriginal);
        }
    }

    private void hideEvent(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        if (isOriginal(event.getServiceReference())) {
            listeners.keySet().removeIf(viewer -> !maySee(viewer));
        }
    }

    /**
     * The original's properties (name, title, web console flags) and its formats but HTML: the masking reads
     * lines and JSON pairs, and the console renders text when a printer has no HTML.
     */
    private static Dictionary<String, Object> standIn(ServiceReference<?> ref) {
        Dictionary<String, Object> p = new Hashtable<>();
        for (String key : ref.getPropertyKeys()) {
            if (!OWN.contains(key)) {
                p.put(key, ref.getProperty(key));
            }
        }
        Object formats = ref.getProperty(InventoryPrinter.FORMAT);
        String[] offered = formats instanceof String[] list ? list : formats instanceof String one ? new String[] { one }
                : new String[] { Format.TEXT.toString() };
        String[] kept = Arrays.stream(offered).filter(f -> !Format.HTML.toString().equalsIgnoreCase(f.trim()))
                .toArray(String[]::new);
        p.put(InventoryPrinter.FORMAT, kept.length > 0 ? kept : new String[] { Format.TEXT.toString() });
        return p;
    }
}
