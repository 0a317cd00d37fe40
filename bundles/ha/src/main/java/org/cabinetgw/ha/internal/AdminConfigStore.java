package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@link ConfigStore} over this node's ConfigurationAdmin (its values arrive decrypted, and it encrypts what it stores). */
final class AdminConfigStore implements ConfigStore {

    private final ConfigurationAdmin admin;

    AdminConfigStore(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public List<ConfigChange> all() throws IOException {
        Configuration[] all;
        try {
            all = admin.listConfigurations(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter given", e);
        }
        List<ConfigChange> out = new ArrayList<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            ConfigChange change = change(c);
            if (change != null) {
                out.add(change);
            }
        }
        return out;
    }

    @Override
    public ConfigChange get(String pid) throws IOException {
        Configuration c = find(pid);
        return c == null ? null : change(c);
    }

    private Configuration find(String pid) throws IOException {
        try {
            // the PID is well formed (ConfigScope): letters, digits and . _ ~ -, nothing a filter would read as syntax
            Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IOException("no configuration can be found by PID " + pid);
        }
    }

    private static ConfigChange change(Configuration c) {
        Dictionary<String, Object> d;
        try {
            d = c.getProperties();
        } catch (IllegalStateException e) {
            return null; // deleted between the listing and this read: as good as not there
        }
        if (d == null) {
            return null; // made but never updated: nothing to copy
        }
        Map<String, Object> props = new LinkedHashMap<>();
        for (String k : Collections.list(d.keys())) {
            if (!ConfigScope.ADMIN_KEYS.contains(k)) {
                props.put(k, d.get(k));
            }
        }
        return new ConfigChange(c.getPid(), c.getFactoryPid(), props);
    }

    @Override
    public boolean put(String pid, String factoryPid, String name, Map<String, Object> properties) throws IOException {
        Configuration c = find(pid);
        if (c == null) {
            c = factoryPid == null ? admin.getConfiguration(pid, "?") : admin.getFactoryConfiguration(factoryPid, name, "?");
        }
        return c.updateIfDifferent(new Hashtable<>(properties));
    }

    @Override
    public boolean delete(String pid) throws IOException {
        Configuration c = find(pid);
        if (c == null) {
            return false;
        }
        c.delete();
        return true;
    }
}
