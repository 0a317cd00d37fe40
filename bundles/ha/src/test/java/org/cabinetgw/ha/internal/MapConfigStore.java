package org.cabinetgw.ha.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's configurations as a map, for the replication's rules without a framework. Like ConfigurationAdmin it
 * writes only when something differs ({@code updateIfDifferent}) and names a new factory configuration
 * {@code factory~name}; the real one is tested in-framework ({@code ConfigReplicationIT}).
 */
class MapConfigStore implements ConfigStore {

    final Map<String, ConfigChange> configs = new TreeMap<>();
    int writes;

    synchronized void set(String pid, String factoryPid, Map<String, Object> props) {
        configs.put(pid, new ConfigChange(pid, factoryPid, new LinkedHashMap<>(props)));
    }

    synchronized Map<String, Object> props(String pid) {
        ConfigChange c = configs.get(pid);
        return c == null ? null : c.properties();
    }

    @Override
    public synchronized List<ConfigChange> all() {
        return new ArrayList<>(configs.values());
    }

    @Override
    public synchronized ConfigChange get(String pid) {
        return configs.get(pid);
    }

    @Override
    public synchronized boolean put(String pid, String factoryPid, String name, Map<String, Object> properties) {
        String target = configs.containsKey(pid) || factoryPid == null ? pid : factoryPid + "~" + name;
        ConfigChange before = configs.get(target);
        if (before != null && equal(before.properties(), properties)) {
            return false;
        }
        writes++;
        configs.put(target, new ConfigChange(target, factoryPid, new LinkedHashMap<>(properties)));
        return true;
    }

    private static boolean equal(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            if (!java.util.Objects.deepEquals(a.get(k), b.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized boolean delete(String pid) {
        return configs.remove(pid) != null;
    }
}
