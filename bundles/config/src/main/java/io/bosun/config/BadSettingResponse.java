package io.bosun.config;

import java.io.PrintStream;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * What a bad setting does. At the process's first start nothing runs yet: the process stops with one line and
 * EX_CONFIG, so a broken deployment shows at once and nothing half-starts. When the config bundle is updated or
 * restarted later, the supervisor and the apps are running on the configurations published before: stopping the
 * process would take them down for a setting they do not use yet, so one error line is logged and those
 * configurations stay as they are.
 */
final class BadSettingResponse {
    /** EX_CONFIG from sysexits.h: a configuration error. */
    static final int EXIT_BAD_SETTING = 78;
    /**
     * Set by the first start of the config bundle in this process. A system property, because it must outlive the
     * bundle: an update brings new classes (static fields start over), and the framework's state cannot tell,
     * since bnd's launcher starts the framework before it raises the start level that starts this bundle.
     */
    static final String STARTED_PROPERTY = "io.bosun.config.started";

    /** Ends the process; a seam so that tests can see the call without exiting. */
    interface ProcessExit {
        void exit(int status);
    }

    private final boolean firstStart;
    private final PrintStream console;
    private final ProcessExit exit;
    private final Consumer<String> errorLog;

    BadSettingResponse(boolean firstStart, PrintStream console, ProcessExit exit, Consumer<String> errorLog) {
        this.firstStart = firstStart;
        this.console = console;
        this.exit = exit;
        this.errorLog = errorLog;
    }

    /** Whether this is the first start in the process; marks it started, so that is true once only. */
    static boolean claimFirstStart(Properties systemProperties) {
        return systemProperties.putIfAbsent(STARTED_PROPERTY, "true") == null;
    }

    void to(InvalidSettingException e) {
        if (firstStart) {
            console.println("bosun: cannot start: " + e.getMessage());
            console.flush();
            exit.exit(EXIT_BAD_SETTING);
        } else {
            errorLog.accept("The config bundle started again with a bad setting; the published configurations "
                    + "stay as they are: " + e.getMessage());
        }
    }
}
