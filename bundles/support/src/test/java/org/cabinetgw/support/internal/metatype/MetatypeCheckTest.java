package org.cabinetgw.support.internal.metatype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The walk over a configuration: every attribute the Metatype defines, every element of an array or a collection,
 * the first refusal named by key, value, the Metatype's own sentence and name, and the allowed options. The
 * attributes here validate an integer range and a set of options the way a Metatype implementation does.
 */
class MetatypeCheckTest {

    @Test
    void aConfigurationWithinItsMetatypePasses() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("port", 8080);
        p.put("mode", new String[] { "auto", "off" });
        p.put("not.in.metatype", "anything");
        assertThat(MetatypeCheck.firstProblem(OCD, p)).isEmpty();
        assertThat(MetatypeCheck.firstProblem(OCD, new Hashtable<>())).as("missing values: the defaults apply").isEmpty();
    }

    @Test
    void theFirstWrongValueIsNamedWithTheMetatypesSentenceAndTheAllowedOptions() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("port", "70000");
        assertThat(MetatypeCheck.firstProblem(OCD, p)).get().satisfies(problem -> {
            assertThat(problem.attribute()).isEqualTo("port");
            assertThat(problem.sentence()).isEqualTo("port = 70000: greater than 65535 ('Port')");
        });
        Hashtable<String, Object> q = new Hashtable<>();
        q.put("mode", List.of("auto", "sometimes"));
        assertThat(MetatypeCheck.firstProblem(OCD, q)).get().extracting(MetatypeCheck.Problem::sentence)
                .isEqualTo("mode = sometimes: not an option ('Mode') (allowed: auto, off)");
    }

    private static final ObjectClassDefinition OCD = new ObjectClassDefinition() {
        @Override
        public String getName() {
            return "Test";
        }

        @Override
        public String getID() {
            return "test";
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return new AttributeDefinition[] { new Attribute("port", "Port", null), new Attribute("mode", "Mode",
                    new String[] { "auto", "off" }) };
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    };

    private record Attribute(String id, String name, String[] options) implements AttributeDefinition {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public int getCardinality() {
            return options == null ? 0 : 10;
        }

        @Override
        public int getType() {
            return options == null ? INTEGER : STRING;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            if (options != null) {
                return List.of(options).contains(value) ? "" : "not an option";
            }
            try {
                int v = Integer.parseInt(value);
                return v > 65535 ? "greater than 65535" : v < 1 ? "less than 1" : "";
            } catch (NumberFormatException e) {
                return "not an integer";
            }
        }

        @Override
        public String[] getDefaultValue() {
            return null;
        }
    }
}
