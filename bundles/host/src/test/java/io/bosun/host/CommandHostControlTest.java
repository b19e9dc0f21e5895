package io.bosun.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands run for real, with harmless programs in place of systemctl. */
class CommandHostControlTest {
    private static final String PATH = System.getenv("PATH");

    @TempDir
    Path dir;

    private static CommandHostControl control(String reboot, String shutdown) {
        return new CommandHostControl(HostSettings.of(reboot, shutdown, "", ""), () -> PATH, CommandHostControl.DELAY);
    }

    /** The settings as Declarative Services hands them over: the values of the configuration, else the defaults. */
    private static CommandHostControl.Settings configured(Map<String, Object> values) {
        return (CommandHostControl.Settings) Proxy.newProxyInstance(CommandHostControl.Settings.class.getClassLoader(),
                new Class<?>[] {CommandHostControl.Settings.class}, (proxy, method, args) -> values.getOrDefault(
                        method.getName(), method.getDefaultValue()));
    }

    @Test
    void rebootRunsTheConfiguredCommandAfterTheDelay() throws Exception {
        Path marker = dir.resolve("rebooted");
        long start = System.nanoTime();
        control("touch " + marker, null).reboot();
        assertFalse(Files.exists(marker), "the command waits, so that the API answer goes out first");
        awaitFile(marker, Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - start >= CommandHostControl.DELAY.toNanos(), "ran after the delay");
    }

    @Test
    void shutdownRunsItsOwnCommand() throws Exception {
        Path rebooted = dir.resolve("rebooted");
        Path poweredOff = dir.resolve("powered-off");
        control("touch " + rebooted, "  touch   " + poweredOff + "  ").shutdown();
        awaitFile(poweredOff, Duration.ofSeconds(10));
        assertFalse(Files.exists(rebooted));
    }

    /** A changed configuration is used by the next call of the same component: no new activation. */
    @Test
    void aChangedSettingIsUsedByTheNextCall() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        CommandHostControl control = new CommandHostControl(configured(Map.of("rebootCommand", "touch " + first)));
        control.reboot();
        awaitFile(first, Duration.ofSeconds(10));
        control.modified(configured(Map.of("rebootCommand", "touch " + second, "ledFile", "/sys/led")));
        control.reboot();
        awaitFile(second, Duration.ofSeconds(10));
        assertEquals(Optional.of(Path.of("/sys/led")), control.settings().ledFile());
    }

    @Test
    void aFailingCommandIsLoggedAndNothingEscapes() throws Exception {
        Path missing = dir.resolve("missing");
        HostCommand command = HostCommand.of(CommandHostControl.REBOOT_VARIABLE, "ls " + missing);
        HostCommand.Result result = new CommandHostControl(HostSettings.DEFAULTS, () -> PATH, Duration.ZERO)
                .schedule("Reboot", command).get(10, TimeUnit.SECONDS);
        assertFalse(result.succeeded());
        assertTrue(result.output().contains(missing.toString()), result.output());
        control("false", null).reboot(); // the failure happens on the command's thread, after the call has returned
    }

    @Test
    void aProgramThatCannotBeFoundFailsTheCallAtOnce() {
        IOException e = assertThrows(IOException.class, () -> control("no-such-program-bosun --now", null).reboot());
        assertEquals("BOSUN_REBOOT_COMMAND: no-such-program-bosun is not found on PATH", e.getMessage());
        e = assertThrows(IOException.class, () -> control(null, dir.resolve("nothing") + " now").shutdown());
        assertEquals("BOSUN_SHUTDOWN_COMMAND: " + dir.resolve("nothing") + " is not an executable file",
                e.getMessage());
    }

    /** The program is looked up at each call, so one installed after start is found. */
    @Test
    void aProgramInstalledAfterStartIsFound() throws Exception {
        Path program = dir.resolve("late-reboot");
        Path marker = dir.resolve("rebooted");
        CommandHostControl control = control(program + " " + marker, null);
        assertThrows(IOException.class, control::reboot);
        Files.writeString(program, "#!/bin/sh\ntouch \"$1\"\n");
        assertTrue(program.toFile().setExecutable(true));
        control.reboot();
        awaitFile(marker, Duration.ofSeconds(10));
    }

    @Test
    void withoutAConfigurationTheDefaultsApply() {
        CommandHostControl control = new CommandHostControl(configured(Map.of()));
        assertEquals(HostSettings.DEFAULTS, control.settings());
        assertEquals(List.of("systemctl", "reboot"),
                HostCommand.of(CommandHostControl.REBOOT_VARIABLE, control.settings().rebootCommand()).argv());
        assertEquals(List.of("systemctl", "poweroff"),
                HostCommand.of(CommandHostControl.SHUTDOWN_VARIABLE, control.settings().shutdownCommand()).argv());
        assertEquals(Optional.empty(), control.settings().ledFile());
        assertEquals(Path.of("/run/openvpn/vpn_status"), control.settings().vpnStatusDir());
    }

    @Test
    void blankOrUnusableValuesGiveTheDefaults() {
        assertEquals(HostSettings.DEFAULTS, HostSettings.of("  ", "", " ", "a\u0000b"));
        assertEquals(new HostSettings("reboot-now", "off", Optional.of(Path.of("/sys/led")), Path.of("/run/vpn")),
                HostSettings.of(" reboot-now ", "off", "/sys/led", "/run/vpn"));
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
