package org.cabinetgw.kura.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

class LdapTest {

    @Test
    void ordinaryPidsAreUnchanged() {
        assertThat(Ldap.equal("service.pid", "org.cabinetgw.failover.rule~deadlock"))
                .isEqualTo("(service.pid=org.cabinetgw.failover.rule~deadlock)");
    }

    @Test
    void filterSyntaxInAPidIsEscaped() {
        assertThat(Ldap.escape("a*b(c)d\\e")).isEqualTo("a\\*b\\(c\\)d\\\\e");
    }

    /** A hostile PID must neither break the filter nor widen it into a wildcard or an injected clause. */
    @Test
    void aHostilePidStaysOneLiteralValue() throws InvalidSyntaxException {
        String hostile = "x)(service.pid=*";
        var filter = FrameworkUtil.createFilter(Ldap.equal("service.pid", hostile));
        assertThat(filter.matches(java.util.Map.of("service.pid", hostile))).isTrue();
        assertThat(filter.matches(java.util.Map.of("service.pid", "anything"))).isFalse();
        assertThat(FrameworkUtil.createFilter(Ldap.equal("service.pid", "*")).matches(java.util.Map.of("service.pid", "other")))
                .isFalse();
    }
}
