package org.cabinetgw.sim.power.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * What the Kura web UI and the web console render: the meter is a factory configuration, the power state
 * and the simulator single ones; every attribute has a name, a description, a default, and every number
 * a range the metatype service enforces.
 */
class MetatypeIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    MetaTypeService metatype;

    @Test
    void everyPowerSettingIsDescribedWithDefaultAndRange() {
        MetaTypeInformation power = metatype.getMetaTypeInformation(bundle("org.cabinetgw.power"));
        assertThat(power.getFactoryPids()).contains("org.cabinetgw.power.meter");
        assertThat(power.getPids()).contains("org.cabinetgw.power.state");
        MetaTypeInformation sim = metatype.getMetaTypeInformation(bundle("org.cabinetgw.sim.power"));
        assertThat(sim.getPids()).contains("org.cabinetgw.sim.power");
        for (ObjectClassDefinition ocd : List.of(power.getObjectClassDefinition("org.cabinetgw.power.meter", null),
                power.getObjectClassDefinition("org.cabinetgw.power.state", null),
                sim.getObjectClassDefinition("org.cabinetgw.sim.power", null))) {
            assertThat(ocd.getDescription()).as(ocd.getID()).isNotBlank();
            for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                String what = ocd.getID() + "/" + ad.getID();
                assertThat(ad.getName()).as(what).isNotBlank();
                assertThat(ad.getDescription()).as(what).isNotBlank();
                if (ad.getCardinality() == 0) {
                    assertThat(ad.getDefaultValue()).as(what + " default").isNotNull();
                }
                if (ad.getType() == AttributeDefinition.INTEGER || ad.getType() == AttributeDefinition.DOUBLE) {
                    assertThat(ad.validate("99999999")).as(what + " has a maximum").isNotEmpty();
                    assertThat(ad.validate("-1")).as(what + " has a minimum").isNotEmpty();
                    assertThat(ad.validate(ad.getDefaultValue()[0])).as(what + " default within range").isEmpty();
                }
            }
        }
        AttributeDefinition role = attribute(power.getObjectClassDefinition("org.cabinetgw.power.meter", null), "meter.role");
        assertThat(role.getOptionValues()).containsExactly("MAINS", "GENERATOR", "UPS", "FEEDER");
        AttributeDefinition preset = attribute(power.getObjectClassDefinition("org.cabinetgw.power.meter", null), "preset");
        assertThat(preset.getOptionValues()).containsExactly("SDM630", "SUNSPEC", "UPS_GENERIC", "CUSTOM");
    }

    private static AttributeDefinition attribute(ObjectClassDefinition ocd, String id) {
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            if (ad.getID().equals(id)) {
                return ad;
            }
        }
        throw new AssertionError(ocd.getID() + " has no attribute " + id);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(bsn + " is not installed");
    }
}
