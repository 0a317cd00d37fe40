package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The configurations of this node as configuration replication reads and writes them: ConfigurationAdmin in the
 * gateway ({@link AdminConfigStore}); a map in the unit tests of the replication's rules.
 */
interface ConfigStore {

    /** Every configuration this node holds, properties without ConfigurationAdmin's own keys. */
    List<ConfigChange> all() throws IOException;

    /** The configuration with this PID, or null. */
    ConfigChange get(String pid) throws IOException;

    /**
     * Stores the properties under {@code pid}; a factory configuration not there yet is made as {@code factoryPid~name}
     * ({@code pid} is then that). Returns whether anything changed (an unchanged configuration is not written again, so
     * its component is not restarted).
     */
    boolean put(String pid, String factoryPid, String name, Map<String, Object> properties) throws IOException;

    /** Deletes the configuration; false if there was none. */
    boolean delete(String pid) throws IOException;
}
