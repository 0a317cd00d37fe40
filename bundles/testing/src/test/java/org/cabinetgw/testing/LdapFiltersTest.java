package org.cabinetgw.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;

class LdapFiltersTest {

    @Test
    void aValueWithTheFilterCharactersMatchesItselfOnly() throws Exception {
        String hostile = "/tmp/it (1)*\\x";
        assertThat(LdapFilters.escape(hostile)).isEqualTo("/tmp/it \\(1\\)\\*\\\\x");
        Filter f = FrameworkUtil.createFilter(LdapFilters.service(Runnable.class, "data.directory", hostile));
        assertThat(f.matches(Map.of("objectClass", new String[] { Runnable.class.getName() }, "data.directory", hostile)))
                .isTrue();
        // unescaped, '*' would be a wildcard: the escaped filter must not match what the wildcard would
        assertThat(f.matches(Map.of("objectClass", new String[] { Runnable.class.getName() }, "data.directory",
                "/tmp/it (1)anything\\x"))).isFalse();
        assertThat(f.matches(Map.of("objectClass", new String[] { String.class.getName() }, "data.directory", hostile)))
                .isFalse();
    }

    @Test
    void aPlainValueIsLeftAsItIs() {
        assertThat(LdapFilters.equal("data.directory", "/tmp/q")).isEqualTo("(data.directory=/tmp/q)");
    }
}
