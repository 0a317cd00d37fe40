package org.cabinetgw.support.internal.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.cabinetgw.support.internal.text.SecretNames;

/**
 * Settings renamed in this release (CHANGES.md, rule 5): the old name stays readable for one release. The
 * component reads the new name; when only the old one is set, its value is used and one WARN names both; when
 * both are set, the new one wins and the WARN says the old one is ignored.
 *
 * <p>The table of a PID (old name = new name) is written once, in the bundle's resource
 * {@value #RESOURCE_FOLDER}{@code <pid>.properties}: the component reads it here, and the runtime's site-file
 * check reads the same file from the jar (a site file with old names is translated before it is applied).
 *
 * <p>Declarative Services builds the component's configuration object from the new names only; {@link #config}
 * puts the old names' values under the new ones, coerced as DS coerces component property types.
 *
 * <p>DS also hands the component every setting's default as a component property (bnd writes them into the
 * component description), so a new name holding exactly its default is not "set": the old name's value is used
 * then. Only a configuration that gives the new name a value of its own makes the old one ignored.
 */
public final class RenamedSettings {

    /** Where a bundle keeps its tables, one file per PID. */
    public static final String RESOURCE_FOLDER = "OSGI-INF/renamed-settings/";

    private final String pid;
    private final Map<String, String> oldToNew;

    private RenamedSettings(String pid, Map<String, String> oldToNew) {
        this.pid = pid;
        this.oldToNew = Collections.unmodifiableMap(new TreeMap<>(oldToNew));
    }

    /** A table given in code (tests). */
    public static RenamedSettings of(String pid, Map<String, String> oldToNew) {
        return new RenamedSettings(pid, oldToNew);
    }

    /** The table of {@code pid} from the resource of the bundle holding {@code owner}; fails when it is missing. */
    public static RenamedSettings of(String pid, Class<?> owner) {
        String resource = RESOURCE_FOLDER + pid + ".properties";
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundle of " + owner.getName() + " has no " + resource);
            }
            return new RenamedSettings(pid, parse(in));
        } catch (IOException e) {
            throw new IllegalStateException(resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads a table: {@code old.name = new.name} per line, as a properties file. */
    public static Map<String, String> parse(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> table = new TreeMap<>();
        p.forEach((k, v) -> table.put(String.valueOf(k).trim(), String.valueOf(v).trim()));
        return table;
    }

    public Map<String, String> oldToNew() {
        return oldToNew;
    }

    /**
     * The properties with every old name moved to its new name (the new name wins when both are set), one
     * {@code warn} per old name found.
     */
    public Map<String, Object> apply(Map<String, ?> properties, Consumer<String> warn) {
        return apply(properties, Map.of(), warn);
    }

    /** As {@link #apply(Map, Consumer)}, a new name holding its value from {@code defaults} counting as not set. */
    private Map<String, Object> apply(Map<String, ?> properties, Map<String, Object> defaults,
            Consumer<String> warn) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        String where = where(properties);
        oldToNew.forEach((oldName, newName) -> {
            if (!properties.containsKey(oldName)) {
                return;
            }
            Object value = out.remove(oldName);
            if (isSet(properties, newName, defaults)) {
                warn.accept(where + oldName + " is now " + newName + "; both are set, " + newName + " = "
                        + shown(newName, properties.get(newName)) + " is used and " + oldName + " = "
                        + shown(oldName, value) + " is ignored; remove " + oldName + " from the configuration");
            } else {
                out.put(newName, value);
                warn.accept(where + oldName + " is now " + newName + "; rename it in the configuration (the old "
                        + "name is read for this release only)");
            }
        });
        return out;
    }

    /**
     * The component's configuration with the old names' values under the new names: {@code config} itself when
     * no old name is set, else a view that answers the renamed settings from the old names.
     *
     * @throws IllegalArgumentException when an old name's value cannot be read as its setting's type, naming both
     */
    public <T> T config(Class<T> type, T config, Map<String, ?> properties, Consumer<String> warn) {
        Map<String, Object> defaults = defaults(type);
        Map<String, Object> renamed = apply(properties, defaults, warn);
        Map<String, Object> fromOld = new LinkedHashMap<>();
        oldToNew.forEach((oldName, newName) -> {
            if (properties.containsKey(oldName) && !isSet(properties, newName, defaults)) {
                fromOld.put(newName, renamed.get(newName));
            }
        });
        if (fromOld.isEmpty()) {
            return config;
        }
        Map<Method, Object> answers = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            String name = PropertyNames.of(m.getName());
            if (m.getParameterCount() == 0 && fromOld.containsKey(name)) {
                String oldName = oldNameOf(name);
                answers.put(m, Coercion.to(m.getReturnType(), fromOld.get(name), where(properties) + oldName
                        + " (now " + name + ")"));
            }
        }
        Object view = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (answers.containsKey(method)) {
                return answers.get(method);
            }
            if (method.getDeclaringClass() == Object.class && method.getName().equals("toString")) {
                return type.getSimpleName() + "(renamed settings read from their old names: " + fromOld.keySet() + ")";
            }
            try {
                // the configuration types are package-private in their bundle's internal package
                method.setAccessible(true);
                return method.invoke(config, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(view);
    }

    /** Each setting's default as the configuration type declares it (what DS puts in the properties). */
    private static Map<String, Object> defaults(Class<?> type) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() == 0 && m.getDefaultValue() != null) {
                defaults.put(PropertyNames.of(m.getName()), m.getDefaultValue());
            }
        }
        return defaults;
    }

    /** Whether the configuration gives {@code name} a value: present and not merely its default. */
    private static boolean isSet(Map<String, ?> properties, String name, Map<String, Object> defaults) {
        if (!properties.containsKey(name)) {
            return false;
        }
        return !defaults.containsKey(name) || !comparable(properties.get(name)).equals(comparable(defaults.get(name)));
    }

    /** A value as text, element by element for arrays and by name for enums: DS stores an enum as its name. */
    private static Object comparable(Object value) {
        if (value != null && value.getClass().isArray()) {
            java.util.List<String> items = new java.util.ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                items.add(String.valueOf(comparable(java.lang.reflect.Array.get(value, i))));
            }
            return items;
        }
        return value instanceof Enum<?> e ? e.name() : String.valueOf(value);
    }

    private String oldNameOf(String newName) {
        return oldToNew.entrySet().stream().filter(e -> e.getValue().equals(newName)).map(Map.Entry::getKey)
                .findFirst().orElse(newName);
    }

    /** {@code pid: } (a factory configuration's own PID where the properties carry it). */
    private String where(Map<String, ?> properties) {
        Object own = properties.get("service.pid");
        return (own instanceof String s && !s.isBlank() ? s : pid) + ": ";
    }

    /** A secret's value (a password) is never written to the log. */
    private static String shown(String name, Object value) {
        if (SecretNames.isSecret(name)) {
            return "(secret)";
        }
        if (value != null && value.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                b.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(value, i));
            }
            return b.append(']').toString();
        }
        return String.valueOf(value);
    }
}
