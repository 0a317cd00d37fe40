package org.cabinetgw.conf.itest;

import java.time.Duration;
import java.util.Map;

import org.cabinetgw.testing.Await;
import org.osgi.service.cm.ConfigurationAdmin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * A configurable component of the tests bundle, with a Metatype of every kind CONF-V1 deals with: a ranged integer,
 * options, a list, a password, free text. It offers itself with the properties it was last given, so a test sees
 * what the component really received.
 */
@Component(service = Thermostat.class, configurationPid = Thermostat.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Thermostat.Config.class)
public class Thermostat {

    public static final String PID = "org.cabinetgw.conf.itest.thermostat";

    @ObjectClassDefinition(id = PID, name = "Test thermostat", description = "A fixture of the CONF-V1 tests.")
    public @interface Config {
        @AttributeDefinition(name = "Set point", min = "-20", max = "60")
        int setpoint_celsius() default 21;

        @AttributeDefinition(name = "Mode", options = { @Option(label = "Automatic", value = "auto"),
                @Option(label = "Heat", value = "heat"), @Option(label = "Off", value = "off") })
        String mode() default "auto";

        @AttributeDefinition(name = "Sensors", cardinality = 5)
        String[] sensors() default { "t1" };

        @AttributeDefinition(name = "API password", type = AttributeType.PASSWORD)
        String api_password() default "";

        @AttributeDefinition(name = "Label")
        String label() default "cabinet";
    }

    private volatile Map<String, Object> properties;

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /**
     * Deletes the configuration and waits until this component has its defaults again (no label). The wait matters:
     * Felix CM starts a configuration created again at change count 1, and SCR ignores an update whose count is not
     * above the last one it applied. When the next test created the configuration before SCR had handled this
     * deletion, SCR kept the old values and dropped that test's updates (a CI run's snapshot test waited 30 s for a
     * PUT's label that the component never got).
     */
    public void deleteConfiguration(ConfigurationAdmin configurationAdmin) throws Exception {
        configurationAdmin.getConfiguration(PID, "?").delete();
        Await.until("the thermostat back to its defaults after its configuration was deleted", Duration.ofSeconds(30),
                () -> properties != null && !properties.containsKey("label"));
    }
}
