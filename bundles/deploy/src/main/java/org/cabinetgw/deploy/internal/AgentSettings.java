package org.cabinetgw.deploy.internal;

import java.nio.file.Path;

/**
 * The agent's configuration after validation, in the units the code uses.
 *
 * @param trustStore null when none is configured
 */
record AgentSettings(long maxBytes, int connectTimeoutMillis, int readTimeoutMillis, long deadlineMillis,
        boolean allowHttp, Path trustStore, char[] trustStorePassword, boolean allowUnsigned, long healthGateMillis,
        int progressStepPercent) {
}
