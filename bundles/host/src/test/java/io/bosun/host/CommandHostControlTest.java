package io.bosun.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands run for real, with harmless programs in place of systemctl. */
class CommandHostControlTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH")));

    private CommandHostControl control() {
        return new CommandHostControl(env::get, CommandHostControl.DELAY);
    }

    @Test
    void rebootRunsTheConfiguredCommandAfterTheDelay() throws Exception {
        Path marker = dir.resolve("rebooted");
        env.put(CommandHostControl.REBOOT_VARIABLE, "touch " + marker);
        long start = System.nanoTime();
        control().reboot();
        assertFalse(Files.exists(marker), "the command waits, so that the API answer goes out first");
        awaitFile(marker, Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - start >= CommandHostControl.DELAY.toNanos(), "ran after the delay");
    }

    @Test
    void shutdownRunsItsOwnCommand() throws Exception {
        Path rebooted = dir.resolve("rebooted");
        Path poweredOff = dir.resolve("powered-off");
        env.put(CommandHostControl.REBOOT_VARIABLE, "touch " + rebooted);
        env.put(CommandHostControl.SHUTDOWN_VARIABLE, "  touch   " + poweredOff + "  ");
        control().shutdown();
        awaitFile(poweredOff, Duration.ofSeconds(10));
        assertFalse(Files.exists(rebooted));
    }

    @Test
    void aFailingCommandIsLoggedAndNothingEscapes() throws Exception {
        Path missing = dir.resolve("missing");
        HostCommand command = HostCommand.from(env::get, CommandHostControl.REBOOT_VARIABLE, "ls " + missing);
        HostCommand.Result result = new CommandHostControl(env::get, Duration.ZERO).schedule("Reboot", command)
                .get(10, TimeUnit.SECONDS);
        assertFalse(result.succeeded());
        assertTrue(result.output().contains(missing.toString()), result.output());
        env.put(CommandHostControl.REBOOT_VARIABLE, "false");
        control().reboot(); // the failure happens on the command's thread, after the call has returned
    }

    @Test
    void aProgramThatCannotBeFoundFailsTheCallAtOnce() {
        env.put(CommandHostControl.REBOOT_VARIABLE, "no-such-program-bosun --now");
        IOException e = assertThrows(IOException.class, () -> control().reboot());
        assertEquals("BOSUN_REBOOT_COMMAND: no-such-program-bosun is not found on PATH", e.getMessage());
        env.put(CommandHostControl.SHUTDOWN_VARIABLE, dir.resolve("nothing") + " now");
        e = assertThrows(IOException.class, () -> control().shutdown());
        assertEquals("BOSUN_SHUTDOWN_COMMAND: " + dir.resolve("nothing") + " is not an executable file",
                e.getMessage());
    }

    @Test
    void anUnsetOrBlankVariableGivesSystemctl() {
        env.put(CommandHostControl.SHUTDOWN_VARIABLE, "   ");
        assertEquals(List.of("systemctl", "reboot"),
                HostCommand.from(env::get, CommandHostControl.REBOOT_VARIABLE, CommandHostControl.REBOOT_DEFAULT)
                        .argv());
        assertEquals(List.of("systemctl", "poweroff"), HostCommand.from(env::get,
                CommandHostControl.SHUTDOWN_VARIABLE, CommandHostControl.SHUTDOWN_DEFAULT).argv());
    }

    @Test
    void onlyTheStartOfALongOutputIsKept() throws Exception {
        Path big = dir.resolve("big");
        Files.writeString(big, "x".repeat(HostCommand.OUTPUT_KEPT * 3));
        HostCommand.Result result = new HostCommand("TEST", List.of("cat", big.toString())).run();
        assertTrue(result.succeeded());
        assertEquals("x".repeat(HostCommand.OUTPUT_KEPT) + " […]", result.output());
    }

    private static void awaitFile(Path file, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!Files.exists(file)) {
            assertTrue(System.nanoTime() < end, file + " did not appear within " + max);
            Thread.sleep(20);
        }
    }
}
