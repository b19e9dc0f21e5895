package io.bosun.host;

import static io.bosun.host.HostFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reboot, shutdown, blink and the VPN status (spec §5.2, §3.10, §4.3; case 48 of §11.4), as the host serves them. */
class HostRoutesTest {
    @TempDir
    Path dir;

    HostFixture host;

    @BeforeEach
    void setUp() {
        host = new HostFixture(dir);
    }

    @Test
    void rebootHasTheHostGoDownUnderEveryAppsLocksAndAnswers202() throws Exception {
        host.memoryLocks.apps.addAll(List.of(22L, 1L));
        ApiResponse reply = host.call("POST", "/v1/reboot", "");
        assertEquals(202, reply.status());
        assertEquals("{\"Data\":\"OK\",\"Error\":null}", wire(reply));
        assertEquals(List.of("reboot holding [1, 22]"), host.recordingHost.calls);
        assertEquals(List.of("take 1", "take 22", "release 22", "release 1"), host.memoryLocks.log);
    }

    @Test
    void shutdownPowersOffTheSameWay() throws Exception {
        host.memoryLocks.apps.add(5L);
        ApiResponse reply = host.call("POST", "/v1/shutdown", "{\"force\":false}");
        assertEquals("{\"Data\":\"OK\",\"Error\":null}", wire(reply));
        assertEquals(202, reply.status());
        assertEquals(List.of("shutdown holding [5]"), host.recordingHost.calls);
    }

    @Test
    void anAppsLockRefusesWith423AndTheHostStaysUp() throws Exception {
        host.memoryLocks.apps.addAll(List.of(1L, 2L));
        host.memoryLocks.lockedByApps.add(2L);
        ApiResponse reply = host.call("POST", "/v1/reboot", "{}");
        assertEquals(423, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"Updates are locked: app 2\"}", wire(reply));
        assertEquals(List.of(), host.recordingHost.calls);
        assertEquals(List.of("take 1", "release 1"), host.memoryLocks.log, "what was taken is released");
    }

    @Test
    void forceTakesTheAppsLocksOver() throws Exception {
        host.memoryLocks.apps.add(2L);
        host.memoryLocks.lockedByApps.add(2L);
        ApiResponse reply = host.call("POST", "/v1/shutdown", "{\"force\":true}");
        assertEquals(202, reply.status());
        assertEquals(List.of("take 2 forced", "release 2"), host.memoryLocks.log);
        assertEquals(List.of("shutdown holding [2]"), host.recordingHost.calls);
    }

    @Test
    void theDevicesLockOverrideTakesTheAppsLocksOverWithoutForce() throws Exception {
        host.memoryLocks.apps.add(2L);
        host.memoryLocks.lockedByApps.add(2L);
        host.targetConfig.put("BALENA_SUPERVISOR_OVERRIDE_LOCK", "1");
        ApiResponse reply = host.call("POST", "/v1/reboot", "{}");
        assertEquals(202, reply.status());
        assertEquals(List.of("take 2 forced", "release 2"), host.memoryLocks.log);
        assertEquals(List.of("reboot holding [2]"), host.recordingHost.calls);
    }

    /** While the running target is not known its override is not either: the apps' locks then protect them. */
    @Test
    void withoutAKnownTargetOnlyTheRequestsForceCounts() throws Exception {
        host.memoryLocks.apps.add(2L);
        host.memoryLocks.lockedByApps.add(2L);
        host.targetConfig.put("BALENA_SUPERVISOR_OVERRIDE_LOCK", "1");
        host.targetsKnown = false;
        assertEquals(423, host.call("POST", "/v1/reboot", "{}").status());
        assertEquals(202, host.call("POST", "/v1/reboot", "{\"force\":true}").status());
    }

    @Test
    void aBodyThatIsNotJsonIsA400() throws Exception {
        ApiResponse reply = host.call("POST", "/v1/reboot", "{force");
        assertEquals(400, reply.status());
        assertTrue(wire(reply).startsWith("{\"status\":\"failed\",\"message\":\"The body is not valid JSON: "),
                wire(reply));
        assertEquals(List.of(), host.recordingHost.calls);
    }

    @Test
    void aHostThatCannotGoDownAnswers500AndReleasesTheLocks() throws Exception {
        host.memoryLocks.apps.add(1L);
        host.recordingHost.failure = new IOException("BOSUN_REBOOT_COMMAND: systemctl is not found on PATH");
        ApiResponse reply = host.call("POST", "/v1/reboot", "");
        assertEquals(500, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"BOSUN_REBOOT_COMMAND: systemctl is not found on PATH\"}",
                wire(reply));
        assertEquals(List.of("take 1", "release 1"), host.memoryLocks.log);
    }

    /** Which apps hold locks is the locks service's to say: without it the host is not taken down. */
    @Test
    void withoutTheLocksServiceNothingIsDone() throws Exception {
        host.locks = null;
        ApiResponse reply = host.call("POST", "/v1/reboot", "");
        assertEquals(503, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"The update-locks service is not available right now\"}", wire(reply));
        assertEquals(List.of(), host.recordingHost.calls, "no reboot without the locks");
    }

    @Test
    void aMissingHostControlAnswers503() throws Exception {
        host.host = null;
        ApiResponse reply = host.call("POST", "/v1/reboot", "");
        assertEquals(503, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"The host control is not available right now\"}", wire(reply));
    }

    @Test
    void blinkAnswersOkWithOrWithoutAnLed() throws Exception {
        assertEquals(ApiResponse.text(200, "OK"), host.call("POST", "/v1/blink", ""));
        Path led = Files.writeString(dir.resolve("brightness"), "0");
        host.useBlinker(new Blinker(() -> Optional.of(led), Duration.ofMillis(20), Duration.ofSeconds(1)));
        assertEquals(ApiResponse.text(200, "OK"), host.call("POST", "/v1/blink", ""));
        awaitContent(led, "1");
    }

    @Test
    void theLedBlinksForTheLengthOfThePatternAndEndsOff() throws Exception {
        Path led = Files.writeString(dir.resolve("brightness"), "0");
        List<String> seen = new ArrayList<>();
        Blinker blinker = new Blinker(() -> Optional.of(led), Duration.ofMillis(30), Duration.ofMillis(400));
        assertTrue(blinker.blink());
        assertFalse(blinker.blink(), "one pattern at a time");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (blinker.blinking()) {
            seen.add(Files.readString(led));
            assertTrue(System.nanoTime() < end, "the pattern did not end");
            Thread.sleep(5);
        }
        assertTrue(seen.contains("1") && seen.contains("0"), "blinked: " + seen);
        assertEquals("0", Files.readString(led));
    }

    @Test
    void noLedFileNoBlinking() {
        assertFalse(new Blinker(Optional::empty).blink());
        Path absent = dir.resolve("no-led");
        assertFalse(new Blinker(() -> Optional.of(absent)).blink());
        assertFalse(Files.exists(absent), "an absent LED is not created");
    }

    @Test
    void theVpnIsEnabledByDefaultAndConnectedWhenItsClientSaysSo() throws Exception {
        assertEquals("{\"status\":\"success\",\"vpn\":{\"enabled\":true,\"connected\":false}}",
                wire(host.call("GET", "/v2/device/vpn", "")));
        Files.createDirectories(dir.resolve("vpn_status"));
        Files.writeString(dir.resolve("vpn_status/active"), "");
        assertEquals("{\"status\":\"success\",\"vpn\":{\"enabled\":true,\"connected\":true}}",
                wire(host.call("GET", "/v2/device/vpn", "")));
    }

    @Test
    void theTargetCanTurnTheVpnOff() throws Exception {
        host.targetConfig.put("BALENA_SUPERVISOR_VPN_CONTROL", "false");
        assertEquals("{\"status\":\"success\",\"vpn\":{\"enabled\":false,\"connected\":false}}",
                wire(host.call("GET", "/v2/device/vpn", "")));
    }

    /** The device API enforces access; what each route asks for is the host's to say (spec §5.1). */
    @Test
    void deviceWideActionsNeedTheGlobalKeyAndTheOthersAnyKey() {
        Map<String, Access> access = new TreeMap<>();
        for (ApiRoute route : host.routes().values()) {
            access.put(route.method() + " " + route.path(), route.access());
        }
        assertEquals(Map.of("POST /v1/reboot", Access.DEVICE_KEY, "POST /v1/shutdown", Access.DEVICE_KEY,
                "PATCH /v1/device/host-config", Access.DEVICE_KEY, "GET /v1/device/host-config", Access.ANY_KEY,
                "POST /v1/blink", Access.ANY_KEY, "GET /v2/device/vpn", Access.ANY_KEY), access);
    }

    private static void awaitContent(Path file, String content) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(file).equals(content)) {
            assertTrue(System.nanoTime() < end, file + " never held " + content);
            Thread.sleep(5);
        }
    }
}
