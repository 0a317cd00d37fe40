package org.cabinetgw.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component's configuration type (an annotation, as Declarative Services hands it to {@code @Activate}) with
 * the given values and every other attribute's default: for unit tests of a component's validation without a
 * framework. Keys are the methods' names ({@code poll_seconds}, not {@code poll.seconds}).
 */
public final class AnnotationConfig {

    private AnnotationConfig() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            return method.getName().equals("annotationType") ? type : method.getDefaultValue();
        }));
    }
}
