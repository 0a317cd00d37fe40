package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeapInfoTest {

    @Test
    void theHeapInUseIsReadFromJcmdsFirstLineAndNothingElseCounts() {
        assertEquals(23704, HeapInfo.usedKiB("""
                29339:
                 garbage-first heap   total 45056K, used 23704K [0x00000000f8000000, 0x0000000100000000)
                  region size 1024K, 11 young (11264K), 2 survivors (2048K)
                 Metaspace       used 30091K, committed 31040K, reserved 1114112K
                """));
        assertEquals(-1, HeapInfo.usedKiB("29339: com.sun.tools.attach.AttachNotSupportedException: Unable to open socket"));
    }
}
