package io.bosun.api;

import io.bosun.support.host.HostFacts;

import static io.bosun.api.Fixtures.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.reconcile.ApplyStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/device}'s body (spec §5.2, case 51) and the host facts it reports. */
class LegacyDeviceTest {
    private static final ApplyStatus IDLE = new ApplyStatus(false, 0, Optional.empty());
    private final LegacyDevice.Facts facts = new LegacyDevice.Facts(48484,
            new HostFacts.Addresses(List.of("192.168.1.2", "2001:db8::2"), List.of("AA:BB:CC:DD:EE:FF")),
            Optional.of("balenaOS 6.0.0"), "19.0.5+bosun.0.1.0");

    @Test
    void aSettledDeviceIsIdleOnItsCommitInBalenasFieldOrder() throws Exception {
        Map<String, Object> body = LegacyDevice.body(facts, IDLE,
                List.of(container("c1", 1, "server", 11, "deadbeef", ServiceStatus.RUNNING)), Map.of(1L, "deadbeef"),
                Map.of());

        assertEquals("{\"api_port\":48484,\"ip_address\":\"192.168.1.2 2001:db8::2\",\"os_version\":\"balenaOS "
                + "6.0.0\",\"mac_address\":\"AA:BB:CC:DD:EE:FF\",\"supervisor_version\":\"19.0.5+bosun.0.1.0\","
                + "\"update_pending\":false,\"update_failed\":false,\"update_downloaded\":false,"
                + "\"commit\":\"deadbeef\",\"status\":\"Idle\",\"download_progress\":null}",
                Json.MAPPER.writeValueAsString(body));
    }

    @Test
    void whileApplyingThereIsNoCommitAndAFailureCounts() {
        Map<String, Object> body = LegacyDevice.body(facts, new ApplyStatus(true, 2, Optional.of("pull failed")),
                List.of(container("c1", 1, "server", 11, "deadbeef", ServiceStatus.EXITED)), Map.of(1L, "deadbeef"),
                Map.of("registry/a", 20, "registry/b", 60));

        assertEquals(true, body.get("update_pending"));
        assertEquals(true, body.get("update_failed"));
        assertFalse(body.containsKey("commit"));
        assertEquals("exited", body.get("status"));
        assertEquals(40, body.get("download_progress"));
    }

    @Test
    void theFirstServiceIsOfTheLowestAppIdThenTheLowestImageId() {
        Map<String, Object> body = LegacyDevice.body(facts, IDLE, List.of(
                container("c3", 9, "late", 1, "zzz", ServiceStatus.RUNNING),
                container("c2", 2, "b", 22, "bbb", ServiceStatus.RUNNING),
                container("c1", 2, "a", 21, "bbb", ServiceStatus.STOPPING)), Map.of(2L, "bbb", 9L, "zzz"), Map.of());

        assertEquals("Stopping", body.get("status"));
        assertEquals("bbb", body.get("commit"));
    }

    @Test
    void withoutContainersThereIsNoStatusUnlessSomethingDownloads() {
        assertFalse(LegacyDevice.body(facts, IDLE, List.of(), Map.of(), Map.of()).containsKey("status"));
        Map<String, Object> downloading = LegacyDevice.body(facts, IDLE, List.of(), Map.of(), Map.of("img", 30));
        assertEquals("Downloading", downloading.get("status"));
        assertEquals(30, downloading.get("download_progress"));
    }

    @Test
    void noMacAddressIsNull() {
        LegacyDevice.Facts bare = new LegacyDevice.Facts(48484, new HostFacts.Addresses(List.of(), List.of()),
                Optional.empty(), "v");
        Map<String, Object> body = LegacyDevice.body(bare, IDLE, List.of(), Map.of(), Map.of());
        assertEquals("", body.get("ip_address"));
        assertNull(body.get("mac_address"));
        assertNull(body.get("os_version"));
    }

    @Test
    void bridgesVpnsLoopbackAndContainerLinksAreNotReported() {
        for (String name : List.of("docker0", "balena0", "rce0", "tun0", "resin-vpn", "lo", "resin-dns",
                "supervisor0", "balena-redsocks", "br-0123456789ab", "veth1a2b3c")) {
            assertFalse(HostFacts.reported(name), name);
        }
        for (String name : List.of("eth0", "wlan0", "enp3s0", "br0")) {
            assertTrue(HostFacts.reported(name), name);
        }
    }

    @Test
    void aMacAddressIsUpperCaseWithColonsAndOnlyForEthernetLengths() {
        assertEquals(Optional.of("02:42:AC:11:00:0A"),
                HostFacts.mac(new byte[] {0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x0a}));
        assertEquals(Optional.empty(), HostFacts.mac(null));
        assertEquals(Optional.empty(), HostFacts.mac(new byte[8]));
    }

    @Test
    void theHostsAddressesAreReadWithoutFailing() {
        HostFacts.Addresses addresses = HostFacts.addresses();
        assertTrue(addresses.ips().stream().noneMatch(ip -> ip.equals("127.0.0.1") || ip.contains("%")),
                addresses.toString());
    }
}
