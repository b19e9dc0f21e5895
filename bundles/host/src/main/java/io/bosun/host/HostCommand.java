package io.bosun.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A host command as configured: the setting's text split on whitespace. There is no shell and no quoting, so a
 * command is one program and plain arguments; a wrapper script covers anything more.
 *
 * @param variable the environment variable the setting comes from (named in every message)
 * @param argv the program and its arguments
 */
record HostCommand(String variable, List<String> argv) {
    /** What is kept of a command's output for the log; the rest is read and dropped. */
    static final int OUTPUT_KEPT = 4096;

    HostCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    /** The command of a setting's text (never blank: {@link HostSettings} gives the default then). */
    static HostCommand of(String variable, String command) {
        return new HostCommand(variable, Arrays.asList(command.strip().split("\\s+")));
    }

    /**
     * Checks that the program can be found, so that the API call can answer with the reason instead of a
     * command failing unseen a second later. The lookup is the one the process launcher makes: a name with a
     * slash is a path, any other is searched on {@code PATH}.
     */
    void checkRunnable(String searchPath) throws IOException {
        String program = argv.get(0);
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IOException(variable + ": " + program + " is not an executable file");
            }
            return;
        }
        if (searchPath != null) {
            for (String folder : searchPath.split(File.pathSeparator)) {
                if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                    return;
                }
            }
        }
        throw new IOException(variable + ": " + program + " is not found on PATH");
    }

    /** Runs the command to its end, its output and errors merged. */
    Result run() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = keptOutput(process.getInputStream());
        return new Result(process.waitFor(), output);
    }

    /** Reads the stream to its end (a full pipe would block the command), keeping only the start. */
    private static String keptOutput(InputStream in) throws IOException {
        try (in) {
            byte[] kept = in.readNBytes(OUTPUT_KEPT);
            boolean cut = in.transferTo(OutputStream.nullOutputStream()) > 0;
            return new String(kept, StandardCharsets.UTF_8).strip() + (cut ? " […]" : "");
        }
    }

    /** How a command ended. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }
}
