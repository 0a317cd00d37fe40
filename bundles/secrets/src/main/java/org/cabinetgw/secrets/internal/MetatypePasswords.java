package org.cabinetgw.secrets.internal;

import java.util.Arrays;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;

/** The Metatype's word on an attribute: Password or not; "not" while no MetaTypeService is there. */
final class MetatypePasswords implements SecretAttributes.PasswordTypes {

    private final BundleContext context;
    private final ServiceTracker<MetaTypeService, MetaTypeService> service;

    MetatypePasswords(BundleContext context, ServiceTracker<MetaTypeService, MetaTypeService> service) {
        this.context = context;
        this.service = service;
    }

    @Override
    public boolean isPassword(String pid, String factoryPid, String attribute) {
        MetaTypeService metatype = service.getService();
        if (metatype == null) {
            return false;
        }
        String target = factoryPid != null ? factoryPid : pid;
        for (Bundle b : context.getBundles()) {
            try {
                MetaTypeInformation info = metatype.getMetaTypeInformation(b);
                if (info == null || !Arrays.asList(factoryPid != null ? info.getFactoryPids() : info.getPids()).contains(target)) {
                    continue;
                }
                ObjectClassDefinition ocd = info.getObjectClassDefinition(target, null);
                AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
                for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
                    if (ad.getID().equals(attribute)) {
                        return ad.getType() == AttributeDefinition.PASSWORD;
                    }
                }
            } catch (RuntimeException e) {
                // a bundle going away, a broken Metatype: the name rule still applies
            }
        }
        return false;
    }
}
