package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarrierScanTest {
    private static final CandidateJar A = Jars.candidate("com.vendor.a", "1.0.0");
    private static final CandidateJar B = Jars.candidate("com.vendor.b", "1.0.0");

    @Test
    void theJarsOfAScanBecomeEntriesOfTheirCarrierInImageOrder() {
        CarrierScan scan = new CarrierScan(Map.of("registry/z-carrier", List.of(B), "registry/a-carrier", List.of(A)),
                "0123abcd", 77L);

        assertEquals(List.of("registry/a-carrier", "registry/z-carrier"), scan.images());
        assertEquals(List.of(A, B), scan.jars());
        assertEquals(List.of(A.entry("carrier:registry/a-carrier", 77L), B.entry("carrier:registry/z-carrier", 77L)),
                scan.entries());
        assertTrue(scan.entries().get(0).fromCarrier());
    }
}
