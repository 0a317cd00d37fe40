package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aTakenPortIsRefusedNamingThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Main.checkPortFree("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .hasMessageContaining("--http-port");
        }
    }

    @Test
    void aFreePortPassesAndAForeignAddressIsNamed() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        int port = free;
        assertThatCode(() -> Main.checkPortFree("127.0.0.1", port)).doesNotThrowAnyException();
        // TEST-NET-1 (RFC 5737) is never an address of this machine: binding it fails without traffic.
        assertThatThrownBy(() -> Main.checkPortFree("192.0.2.1", port)).isInstanceOf(IOException.class)
                .hasMessageContaining("192.0.2.1").hasMessageContaining("not an address of this machine (address not available)")
                .hasMessageNotContaining("--http-port");
    }
}
