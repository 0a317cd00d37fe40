package org.cabinetgw.support.internal.settings.elsewhere;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Consumer;

import org.cabinetgw.support.internal.settings.RenamedSettings;

/**
 * A configuration type as the bundles declare theirs: package-private, in another package than RenamedSettings,
 * so that the view it builds must reach methods it cannot see by the language's rules.
 */
public final class ElsewhereSettings {

    @interface Link {
        int probe_interval_millis() default 200;

        String name() default "wired";
    }

    private ElsewhereSettings() {
    }

    /** {@code probe.interval.millis} and {@code name} as the view answers them, as DS would build the rest. */
    public static String read(RenamedSettings table, Map<String, Object> properties, Consumer<String> warn) {
        Link ds = (Link) Proxy.newProxyInstance(Link.class.getClassLoader(), new Class<?>[] {Link.class},
                (proxy, m, args) -> m.getName().equals("name") ? properties.getOrDefault("name", m.getDefaultValue())
                        : m.getDefaultValue());
        Link c = table.config(Link.class, ds, properties, warn);
        return c.probe_interval_millis() + " " + c.name();
    }
}
