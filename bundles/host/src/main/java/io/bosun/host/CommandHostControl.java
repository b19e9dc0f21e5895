package io.bosun.host;

import io.bosun.spi.host.HostControl;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HostControl} service: runs the reboot or shutdown command of its settings (default
 * {@code systemctl reboot} / {@code systemctl poweroff}) one second after the call, as balena delays its logind
 * call, so that the API answer goes out first.
 *
 * <p>The command runs on a daemon thread of its own rather than on an executor of the component: a reboot the
 * API has accepted still happens if this bundle is updated within that second. The settings come from the
 * {@value #PID} configuration (the config bundle writes it from the environment at start); a change is taken in
 * by {@link #modified}, so the service is never registered again for it, and each call uses the settings of the
 * moment.
 */
@Component(service = HostControl.class, configurationPid = CommandHostControl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CommandHostControl.Settings.class)
public final class CommandHostControl implements HostControl {
    /** The ConfigAdmin PID of the host bundle's settings. */
    static final String PID = "io.bosun.host";
    /** Named in every message, since that is what an operator sets. */
    static final String REBOOT_VARIABLE = "BOSUN_REBOOT_COMMAND";
    static final String SHUTDOWN_VARIABLE = "BOSUN_SHUTDOWN_COMMAND";
    static final Duration DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(CommandHostControl.class);

    @ObjectClassDefinition(name = "Bosun host control",
            description = "Written at start by the config bundle from BOSUN_REBOOT_COMMAND, BOSUN_SHUTDOWN_COMMAND, "
                    + "BOSUN_LED_FILE and BOSUN_VPN_STATUS_DIR.")
    @interface Settings {
        @AttributeDefinition(description = "What POST /v1/reboot runs, 1 s after answering; split on whitespace, "
                + "no shell (BOSUN_REBOOT_COMMAND)")
        String rebootCommand() default HostSettings.REBOOT_DEFAULT;

        @AttributeDefinition(description = "What POST /v1/shutdown runs, likewise (BOSUN_SHUTDOWN_COMMAND)")
        String shutdownCommand() default HostSettings.SHUTDOWN_DEFAULT;

        @AttributeDefinition(description = "LED brightness file POST /v1/blink writes 1/0 to; empty: no LED "
                + "(BOSUN_LED_FILE)", required = false)
        String ledFile() default "";

        @AttributeDefinition(description = "Folder where the host's VPN client creates 'active' while connected "
                + "(BOSUN_VPN_STATUS_DIR)")
        String vpnStatusDir() default HostSettings.VPN_STATUS_DEFAULT;
    }

    private final Supplier<String> searchPath;
    private final Duration delay;
    private volatile HostSettings settings;

    /**
     * {@code PATH} is read at each call, and is no Bosun setting: it is where the operating system will look for
     * the program, so the check before answering must look where the launch will.
     */
    @Activate
    public CommandHostControl(Settings settings) {
        this(of(settings), () -> System.getenv("PATH"), DELAY);
    }

    /** A control with its own settings, search path and delay (tests). */
    CommandHostControl(HostSettings settings, Supplier<String> searchPath, Duration delay) {
        this.settings = settings;
        this.searchPath = searchPath;
        this.delay = delay;
    }

    @Modified
    void modified(Settings settings) {
        this.settings = of(settings);
    }

    static HostSettings of(Settings settings) {
        return HostSettings.of(settings.rebootCommand(), settings.shutdownCommand(), settings.ledFile(),
                settings.vpnStatusDir());
    }

    /** The settings of the moment (tests). */
    HostSettings settings() {
        return settings;
    }

    @Override
    public void reboot() throws IOException {
        schedule("Reboot", HostCommand.of(REBOOT_VARIABLE, settings.rebootCommand()));
    }

    @Override
    public void shutdown() throws IOException {
        schedule("Shutdown", HostCommand.of(SHUTDOWN_VARIABLE, settings.shutdownCommand()));
    }

    /**
     * Runs the command after the delay; a failure then is logged, since the caller has had its answer.
     *
     * @return how the command ended (tests), or the exception that kept it from running
     * @throws IOException at once when the program cannot be found
     */
    CompletableFuture<HostCommand.Result> schedule(String action, HostCommand command) throws IOException {
        command.checkRunnable(searchPath.get());
        LOG.info("{} in {} ms: {}", action, delay.toMillis(), command.argv());
        CompletableFuture<HostCommand.Result> ended = new CompletableFuture<>();
        Thread thread = new Thread(() -> run(action, command, ended), "bosun-" + action.toLowerCase(Locale.ROOT));
        thread.setDaemon(true);
        thread.start();
        return ended;
    }

    private static String shown(String output) {
        return output.isEmpty() ? "no output" : output;
    }

    private void run(String action, HostCommand command, CompletableFuture<HostCommand.Result> ended) {
        try {
            Thread.sleep(delay.toMillis());
            HostCommand.Result result = command.run();
            if (result.succeeded()) {
                LOG.info("{} command {} ended ({})", action, command.argv(), shown(result.output()));
            } else {
                LOG.error("{} command {} ({}) failed with exit code {}: {}", action, command.argv(),
                        command.variable(), result.exitCode(), shown(result.output()));
            }
            ended.complete(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{} command {} was interrupted", action, command.argv());
            ended.completeExceptionally(e);
        } catch (IOException | RuntimeException e) {
            LOG.error("{} command {} ({}) could not run: {}", action, command.argv(), command.variable(),
                    e.toString());
            ended.completeExceptionally(e);
        }
    }
}
