package org.cabinetgw.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.cabinetgw.support.internal.settings.PropertyNames;

/**
 * A component's configuration type (an annotation, as Declarative Services hands it to {@code @Activate}) with
 * the given values and every other attribute's default: for unit tests of a component's validation without a
 * framework. A value is found under the method's name ({@code poll_seconds}) or under the property name DS and
 * Metatype give it ({@code poll.seconds}, bundles/support {@code PropertyNames}); the method's name wins when a
 * map holds both. An attribute with neither a value nor a default is an error of the test, said at once.
 */
public final class AnnotationConfig {

    private AnnotationConfig() {
    }

    public static <T> T of(Class<T> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (method.getParameterCount() == 0 && values.containsKey(name)) {
                return values.get(name);
            }
            String property = PropertyNames.of(name);
            if (method.getParameterCount() == 0 && values.containsKey(property)) {
                return values.get(property);
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new IllegalStateException(type.getSimpleName() + "." + name + "() has no value in "
                        + values.keySet() + " and no default");
            };
        }));
    }
}
