package io.bosun.host;

import io.bosun.spi.host.HostControl;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HostControl} service: runs {@code BOSUN_REBOOT_COMMAND} or {@code BOSUN_SHUTDOWN_COMMAND}
 * (default {@code systemctl reboot} / {@code systemctl poweroff}) one second after the call, as balena delays its
 * logind call, so that the API answer goes out first.
 *
 * <p>The command runs on a daemon thread of its own rather than on an executor of the component: a reboot the
 * API has accepted still happens if this bundle is updated within that second. The environment is read on every
 * call, like the lock root elsewhere, so nothing is fixed at activation.
 */
@Component(service = HostControl.class)
public final class CommandHostControl implements HostControl {
    static final String REBOOT_VARIABLE = "BOSUN_REBOOT_COMMAND";
    static final String SHUTDOWN_VARIABLE = "BOSUN_SHUTDOWN_COMMAND";
    static final String REBOOT_DEFAULT = "systemctl reboot";
    static final String SHUTDOWN_DEFAULT = "systemctl poweroff";
    static final Duration DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(CommandHostControl.class);

    private final Function<String, String> env;
    private final Duration delay;

    public CommandHostControl() {
        this(System::getenv, DELAY);
    }

    /** A control with its own environment and delay (tests). */
    CommandHostControl(Function<String, String> env, Duration delay) {
        this.env = env;
        this.delay = delay;
    }

    @Override
    public void reboot() throws IOException {
        schedule("Reboot", HostCommand.from(env, REBOOT_VARIABLE, REBOOT_DEFAULT));
    }

    @Override
    public void shutdown() throws IOException {
        schedule("Shutdown", HostCommand.from(env, SHUTDOWN_VARIABLE, SHUTDOWN_DEFAULT));
    }

    /**
     * Runs the command after the delay; a failure then is logged, since the caller has had its answer.
     *
     * @return how the command ended (tests), or the exception that kept it from running
     * @throws IOException at once when the program cannot be found
     */
    CompletableFuture<HostCommand.Result> schedule(String action, HostCommand command) throws IOException {
        command.checkRunnable(env);
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
