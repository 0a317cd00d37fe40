package org.cabinetgw.conf.itest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** A second configurable component of the tests bundle: a change of two PIDs, one of them wrong. */
@Component(service = Fan.class, configurationPid = Fan.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Fan.Config.class)
public class Fan {

    public static final String PID = "org.cabinetgw.conf.itest.fan";

    @ObjectClassDefinition(id = PID, name = "Test fan")
    public @interface Config {
        @AttributeDefinition(name = "Speed", min = "0", max = "100")
        int speed_percent() default 50;
    }
}
