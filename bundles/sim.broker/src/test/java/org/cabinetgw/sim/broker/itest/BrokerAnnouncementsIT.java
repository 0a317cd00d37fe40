package org.cabinetgw.sim.broker.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.sim.broker.itest.BrokerFixture.*;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** What the broker tells others: health changes through Event Admin, and its settings through Metatype. */
class BrokerAnnouncementsIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 5000)
    MetaTypeService metaType;

    @Test
    void healthChangesArePostedWhenTheBrokerStartsAndStops() throws Exception {
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, HealthEvents.CHANGED);
        p.put(EventConstants.EVENT_FILTER, "(" + HealthEvents.COMPONENT + "=sim.broker)");
        ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class, events::add, p);
        try {
            int port = freePort();
            configurationAdmin.getConfiguration(PID, "?").update(props(port));
            Event up = events.poll(10, TimeUnit.SECONDS);
            assertThat(up).as("UP event").isNotNull();
            assertThat(up.getProperty(HealthEvents.STATE)).isEqualTo("UP");
            assertThat(up.getProperty(HealthEvents.REASON)).isEqualTo("listening on 127.0.0.1:" + port);
            assertThat(up.getProperty(HealthEvents.SINCE)).isInstanceOf(Long.class);

            configurationAdmin.getConfiguration(PID, "?").delete();
            Event down = events.poll(10, TimeUnit.SECONDS);
            assertThat(down).as("DOWN event").isNotNull();
            assertThat(down.getProperty(HealthEvents.STATE)).isEqualTo("DOWN");
            assertThat(down.getProperty(HealthEvents.PREVIOUS_STATE)).isEqualTo("UP");
            assertThat(down.getProperty(HealthEvents.REASON)).isEqualTo("stopped");
            assertThat(awaitPortFree(port, 10_000)).isTrue();
        } finally {
            reg.unregister();
            configurationAdmin.getConfiguration(PID, "?").delete();
            // the next test creates this PID (BrokerIT) again: see ConfigurationEvents
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        }
    }

    @Test
    void everySettingIsDescribedWithItsDefaultAndRange() {
        Bundle broker = Arrays.stream(context.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(broker).getObjectClassDefinition(PID, null);
        Map<String, AttributeDefinition> byId = new java.util.HashMap<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            byId.put(ad.getID(), ad);
            assertThat(ad.getDescription()).as("description of %s", ad.getID()).isNotBlank();
        }
        assertThat(byId).containsOnlyKeys("host", "port", "max.message.bytes", "log.arrivals");
        assertThat(byId.get("host").getDefaultValue()).containsExactly("127.0.0.1");
        assertThat(byId.get("port").getDefaultValue()).containsExactly("1883");
        assertThat(byId.get("port").validate("65536")).isNotEmpty();
        assertThat(byId.get("port").validate("1883")).isEmpty();
        assertThat(byId.get("max.message.bytes").validate("1023")).isNotEmpty();
    }
}
