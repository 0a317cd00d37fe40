package org.cabinetgw.ha.internal;

import java.util.Map;

/** Where the engine posts its events: Event Admin in the framework, a list in the unit tests. */
@FunctionalInterface
interface EventSink {

    void post(String topic, Map<String, Object> properties);
}
