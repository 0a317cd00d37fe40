package org.cabinetgw.kura.bridge.internal;

import org.eclipse.kura.configuration.ConfigurableComponent;

/**
 * The object behind one ConfigurableComponent registration. Kura's interface is a marker: Kura reads the
 * service properties and talks to ConfigAdmin and Metatype, never to this object, so it holds nothing but
 * its name (for logs and the Gogo shell).
 */
final class ListedComponent implements ConfigurableComponent {

    private final String kuraPid;

    ListedComponent(String kuraPid) {
        this.kuraPid = kuraPid;
    }

    @Override
    public String toString() {
        return "Cabinet Gateway component " + kuraPid + " (listed for Kura)";
    }
}
