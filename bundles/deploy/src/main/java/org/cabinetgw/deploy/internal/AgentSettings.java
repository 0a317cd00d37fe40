package org.cabinetgw.deploy.internal;

import java.nio.file.Path;
import java.util.Set;

/**
 * The agent's configuration after validation, in the units the code uses.
 *
 * @param trustStore    null when none is configured
 * @param downloadHosts the hosts packages may come from, lower case; empty: any
 * @param requesters    the requester client ids served; empty: any
 */
record AgentSettings(long maxBytes, int connectTimeoutMillis, int readTimeoutMillis, long deadlineMillis,
        boolean allowHttp, Path trustStore, char[] trustStorePassword, boolean allowUnsigned, long healthGateMillis,
        int progressStepPercent, Set<String> downloadHosts, Set<String> requesters) {
}
