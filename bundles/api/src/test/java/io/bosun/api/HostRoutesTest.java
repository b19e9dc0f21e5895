package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import static io.bosun.api.HostFixture.request;
import static io.bosun.api.HostFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reboot, shutdown and blink (spec §5.2, §3.10, §4.3; case 48 of §11.4). */
class HostRoutesTest {
    @TempDir
    Path dir;

    HostFixture host;
    Router router;

    @BeforeEach
    void setUp() {
        host = new HostFixture(dir);
        router = new Router(host.routes());
    }

    @Test
    void rebootHasTheHostGoDownUnderEveryAppsLocksAndAnswers202() throws Exception {
        host.appWithLockFolders(22, "main");
        host.appWithLockFolders(1, "one", "two");
        Files.createDirectories(dir.resolve("locks/services/not-an-app"));
        Files.createFile(dir.resolve("locks/services/333"));
        ApiResponse reply = router.answer(request("POST", "/v1/reboot", ""));
        assertEquals(202, reply.status());
        assertEquals("{\"Data\":\"OK\",\"Error\":null}", wire(reply));
        assertEquals(List.of("reboot holding [1, 22]"), host.recordingHost.calls);
        assertEquals(List.of("take 1", "take 22", "release 22", "release 1"), host.memoryLocks.log);
    }

    @Test
    void shutdownPowersOffTheSameWay() throws Exception {
        host.appWithLockFolders(5, "main");
        ApiResponse reply = router.answer(request("POST", "/v1/shutdown", "{\"force\":false}"));
        assertEquals("{\"Data\":\"OK\",\"Error\":null}", wire(reply));
        assertEquals(202, reply.status());
        assertEquals(List.of("shutdown holding [5]"), host.recordingHost.calls);
    }

    @Test
    void anAppsLockRefusesWith423AndTheHostStaysUp() throws Exception {
        host.appWithLockFolders(1, "main");
        host.appWithLockFolders(2, "main");
        host.memoryLocks.lockedByApps.add(2L);
        ApiResponse reply = router.answer(request("POST", "/v1/reboot", "{}"));
        assertEquals(423, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"Updates are locked: app 2\"}", wire(reply));
        assertEquals(List.of(), host.recordingHost.calls);
        assertEquals(List.of("take 1", "release 1"), host.memoryLocks.log, "what was taken is released");
    }

    @Test
    void forceTakesTheAppsLocksOver() throws Exception {
        host.appWithLockFolders(2, "main");
        host.memoryLocks.lockedByApps.add(2L);
        ApiResponse reply = router.answer(request("POST", "/v1/shutdown", "{\"force\":true}"));
        assertEquals(202, reply.status());
        assertEquals(List.of("take 2 forced", "release 2"), host.memoryLocks.log);
        assertEquals(List.of("shutdown holding [2]"), host.recordingHost.calls);
    }

    @Test
    void theDevicesLockOverrideTakesTheAppsLocksOverWithoutForce() throws Exception {
        host.appWithLockFolders(2, "main");
        host.memoryLocks.lockedByApps.add(2L);
        host.targetConfig.put("BALENA_SUPERVISOR_OVERRIDE_LOCK", "1");
        ApiResponse reply = router.answer(request("POST", "/v1/reboot", "{}"));
        assertEquals(202, reply.status());
        assertEquals(List.of("take 2 forced", "release 2"), host.memoryLocks.log);
        assertEquals(List.of("reboot holding [2]"), host.recordingHost.calls);
    }

    @Test
    void aHostThatCannotGoDownAnswers500AndReleasesTheLocks() throws Exception {
        host.appWithLockFolders(1, "main");
        host.recordingHost.failure = new IOException("BOSUN_REBOOT_COMMAND: systemctl is not found on PATH");
        ApiResponse reply = router.answer(request("POST", "/v1/reboot", ""));
        assertEquals(500, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"BOSUN_REBOOT_COMMAND: systemctl is not found on PATH\"}",
                wire(reply));
        assertEquals(List.of("take 1", "release 1"), host.memoryLocks.log);
    }

    /** Which apps hold locks is the locks service's to say: without it the host is not taken down. */
    @Test
    void withoutTheLocksServiceNothingIsDone() throws Exception {
        host.locks = null;
        ApiResponse reply = router.answer(request("POST", "/v1/reboot", ""));
        assertEquals(503, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"The update-locks service is not available right now\"}", wire(reply));
        assertEquals(List.of(), host.recordingHost.calls, "no reboot without the locks");
    }

    @Test
    void aMissingHostControlAnswers503() throws Exception {
        host.host = null;
        ApiResponse reply = router.answer(request("POST", "/v1/reboot", ""));
        assertEquals(503, reply.status());
        assertEquals("{\"Data\":\"\",\"Error\":\"The host control is not available right now\"}", wire(reply));
    }

    @Test
    void blinkAnswersOkWithOrWithoutAnLed() throws Exception {
        assertEquals(ApiResponse.text(200, "OK"), router.answer(request("POST", "/v1/blink", "")));
        Path led = Files.writeString(dir.resolve("brightness"), "0");
        Router withLed = new Router(new HostFixture(dir, new Blinker(() -> Optional.of(led), Duration.ofMillis(20),
                Duration.ofSeconds(1))).routes());
        assertEquals(ApiResponse.text(200, "OK"), withLed.answer(request("POST", "/v1/blink", "")));
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
        assertFalse(new Blinker(Optional::empty, Blinker.PERIOD, Blinker.LENGTH).blink());
        Path absent = dir.resolve("no-led");
        assertFalse(new Blinker(() -> Optional.of(absent), Blinker.PERIOD, Blinker.LENGTH).blink());
        assertFalse(Files.exists(absent), "an absent LED is not created");
    }

    @Test
    void deviceWideActionsNeedTheGlobalKeyAndTheOthersAnyKey() throws Exception {
        Router keyed = new Router(host.routes(), AuthTest.ON);
        Map<String, String> scoped = Map.of("authorization", "Bearer " + AuthTest.SCOPED_111);
        Map<String, String> global = Map.of("authorization", "Bearer " + AuthTest.GLOBAL);
        for (String[] call : new String[][] {{"POST", "/v1/reboot"}, {"POST", "/v1/shutdown"},
                {"PATCH", "/v1/device/host-config"}}) {
            ApiResponse reply = keyed.answer(new Request(call[0], call[1], Map.of(), scoped, new byte[0]));
            assertEquals(ApiResponse.text(401, "Unauthorized"), reply, call[1]);
        }
        assertEquals(List.of(), host.recordingHost.calls);
        assertEquals(200, keyed.answer(new Request("POST", "/v1/blink", Map.of(), scoped, new byte[0])).status());
        assertEquals(200, keyed.answer(new Request("GET", "/v1/device/host-config", Map.of(), scoped, new byte[0]))
                .status());
        assertEquals(202, keyed.answer(new Request("POST", "/v1/reboot", Map.of(), global, new byte[0])).status());
    }

    private static void awaitContent(Path file, String content) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(file).equals(content)) {
            assertTrue(System.nanoTime() < end, file + " never held " + content);
            Thread.sleep(5);
        }
    }
}
