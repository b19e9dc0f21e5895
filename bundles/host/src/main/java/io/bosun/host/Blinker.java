package io.bosun.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/blink}: the device's LED blinks for 15 s so that someone can find it, as balena's does. The LED
 * is a brightness file (the {@code ledFile} setting, from {@code BOSUN_LED_FILE}, e.g.
 * {@code /sys/class/leds/led0/brightness}) written {@code 1} and {@code 0} in turn; a device without one (setting
 * empty, file absent) simply does not blink.
 */
final class Blinker {
    static final Duration PERIOD = Duration.ofMillis(500);
    static final Duration LENGTH = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(Blinker.class);

    private final Supplier<Optional<Path>> ledFile;
    private final Duration period;
    private final Duration length;
    /** One pattern at a time: a call while the LED blinks already changes nothing. */
    private final AtomicBoolean blinking = new AtomicBoolean();

    /** The LED of the settings of the moment, with balena's pattern. */
    Blinker(Supplier<Optional<Path>> ledFile) {
        this(ledFile, PERIOD, LENGTH);
    }

    Blinker(Supplier<Optional<Path>> ledFile, Duration period, Duration length) {
        this.ledFile = ledFile;
        this.period = period;
        this.length = length;
    }

    /**
     * Starts blinking on a daemon thread of its own, so that the call answers at once and a pattern never keeps
     * the process alive.
     *
     * @return whether a pattern started (false without an LED or while one runs)
     */
    boolean blink() {
        Optional<Path> led = ledFile.get().filter(Files::exists);
        if (led.isEmpty() || !blinking.compareAndSet(false, true)) {
            return false;
        }
        Thread thread = new Thread(() -> pattern(led.get()), "bosun-blink");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** Whether a pattern runs now. */
    boolean blinking() {
        return blinking.get();
    }

    private void pattern(Path led) {
        long end = System.nanoTime() + length.toNanos();
        boolean on = true;
        try {
            while (System.nanoTime() < end) {
                write(led, on);
                on = !on;
                Thread.sleep(period.toMillis());
            }
        } catch (IOException e) {
            LOG.warn("Cannot blink the LED {}: {}", led, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            off(led);
            blinking.set(false);
        }
    }

    /** The LED is left off, whatever stopped the pattern. */
    private static void off(Path led) {
        try {
            write(led, false);
        } catch (IOException e) {
            LOG.debug("Cannot turn the LED {} off: {}", led, e.toString());
        }
    }

    /** Without CREATE: a sysfs attribute cannot be created, and a vanished LED must not become a regular file. */
    private static void write(Path led, boolean on) throws IOException {
        Files.write(led, (on ? "1" : "0").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }
}
