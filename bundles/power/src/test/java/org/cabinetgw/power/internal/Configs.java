package org.cabinetgw.power.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Instances of a configuration annotation: the declared defaults, with some values overridden, keyed by the
 * setting's name ({@code poll.millis}) or the method's ({@code poll_millis}).
 */
public final class Configs {

    private Configs() {
    }

    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (overrides.containsKey(method.getName())) {
                return overrides.get(method.getName());
            }
            if (overrides.containsKey(method.getName().replace('_', '.'))) {
                return overrides.get(method.getName().replace('_', '.'));
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (method.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> overrides.hashCode();
                case "equals" -> proxy == args[0];
                default -> throw new IllegalStateException(method.getName());
            };
        });
    }
}
