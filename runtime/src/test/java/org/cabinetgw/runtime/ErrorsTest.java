package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import org.junit.jupiter.api.Test;

/** A failed start says what failed and why, not only a path. */
class ErrorsTest {

    @Test
    void fileErrorsNameThePathAndTheReason() {
        assertThat(Errors.explain(new AccessDeniedException("/srv/other/framework")))
                .isEqualTo("/srv/other/framework: permission denied");
        assertThat(Errors.explain(new NoSuchFileException("/proc/x"))).isEqualTo("/proc/x: no such file or directory");
        assertThat(Errors.explain(new NotDirectoryException("/etc/passwd/x"))).isEqualTo("/etc/passwd/x: not a directory");
        assertThat(Errors.explain(new FileSystemException("/media/ro/data", null, "Read-only file system")))
                .isEqualTo("/media/ro/data: read-only file system");
        assertThat(Errors.explain(new java.io.IOException("port 80 is taken"))).isEqualTo("port 80 is taken");
        assertThat(Errors.dataDirectory(java.nio.file.Path.of("/proc/x"), new NoSuchFileException("/proc/x")))
                .isEqualTo("the data directory /proc/x cannot be used: no such file or directory");
        assertThat(Errors.dataDirectory(java.nio.file.Path.of("/srv/gw"), new AccessDeniedException("/srv/gw/framework")))
                .isEqualTo("the data directory /srv/gw cannot be used: /srv/gw/framework: permission denied");
    }

    @Test
    void anAddressThatIsNotLocalIsSaidSo() {
        assertThat(PortCheck.explain("192.0.2.7", 8080, new BindException("Cannot assign requested address")))
                .startsWith("--http-host 192.0.2.7 is not an address of this machine (address not available)");
        assertThat(PortCheck.explain("127.0.0.1", 8080, new BindException("Address already in use")))
                .isEqualTo("port 8080 on 127.0.0.1 is in use by another program; choose another with --http-port");
        assertThat(PortCheck.explain("0.0.0.0", 80, new BindException("Permission denied")))
                .contains("permission denied (ports below 1024 need privileges)");
    }
}
