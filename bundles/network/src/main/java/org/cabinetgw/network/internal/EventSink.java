package org.cabinetgw.network.internal;

import java.util.Map;

/** Where the engine posts its events: Event Admin in the framework, a printer in the namespace test harness. */
@FunctionalInterface
interface EventSink {

    void post(String topic, Map<String, Object> properties);

    EventSink NONE = (topic, properties) -> {
    };
}
