package org.cabinetgw.support.internal.metatype;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Validates configuration properties against an Object Class Definition. Pure. One check for every place that
 * judges a configuration against its Metatype (core's ConfigurationValidator, the CONF-V1 cloud service), so a
 * value is refused with the same sentence wherever it comes from.
 */
public final class MetatypeCheck {

    private MetatypeCheck() {
    }

    /** The first invalid attribute, named the way an integrator sees it in the web UI. */
    public record Problem(String attribute, String sentence) {
    }

    public static Optional<Problem> firstProblem(ObjectClassDefinition ocd, Dictionary<String, ?> properties) {
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return Optional.empty();
        }
        for (AttributeDefinition ad : ads) {
            Object value = properties.get(ad.getID());
            if (value == null) {
                continue; // the component's default applies
            }
            for (Object single : values(value)) {
                String text = String.valueOf(single);
                String error = ad.validate(text);
                if (error != null && !error.isEmpty()) {
                    // the key first, as the components say it: whichever of the two is said first reads the same
                    return Optional.of(new Problem(ad.getID(), ad.getID() + " = " + text + ": " + error + " ('"
                            + ad.getName() + "')" + allowed(ad)));
                }
            }
        }
        return Optional.empty();
    }

    private static String allowed(AttributeDefinition ad) {
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0) {
            return " (allowed: " + String.join(", ", options) + ")";
        }
        return "";
    }

    private static List<Object> values(Object value) {
        List<Object> out = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> c) {
            out.addAll(c);
        } else {
            out.add(value);
        }
        return out;
    }
}
