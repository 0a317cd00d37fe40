package org.cabinetgw.deploy.internal;

import java.util.Map;

/** Where the agent's events go (Event Admin when there is one; nowhere otherwise). */
@FunctionalInterface
interface EventSink {

    void post(String topic, Map<String, ?> properties);
}
