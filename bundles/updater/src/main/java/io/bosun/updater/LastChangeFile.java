package io.bosun.updater;

import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of the last change (committed or rolled back, why, when), kept on disk so that it survives the
 * updater's own restarts (a refresh of the spi restarts it) and the process's: an operator asks after the fact.
 * Four lines: state, cause, reason, time.
 */
final class LastChangeFile {
    private final Path file;

    LastChangeFile(Path file) {
        this.file = file;
    }

    Optional<Updater.UpdateStatus> read() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            return Optional.of(new Updater.UpdateStatus(lines.get(0), lines.get(1), lines.get(2),
                    Optional.of(Instant.parse(lines.get(3)))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty(); // only what is shown: a damaged one is no fault of the device
        }
    }

    void write(Updater.UpdateStatus status) throws IOException {
        String text = String.join("\n", StageFile.oneLine(status.state()), StageFile.oneLine(status.cause()),
                StageFile.oneLine(status.reason()), status.at().orElse(Instant.now()).toString()) + "\n";
        DurableFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
