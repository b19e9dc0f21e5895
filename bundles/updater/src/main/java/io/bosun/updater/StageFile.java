package io.bosun.updater;

import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stage's state as one small text file, replaced whole on every change ({@link DurableFiles}), so that a
 * crash at any point leaves either the old or the new state. Text, not JSON: it is read at every start, before
 * anything else of the supervisor, and needs no library. One line per fact:
 * <pre>
 * good|previous|trying &lt;symbolicName&gt; &lt;version&gt; &lt;digest&gt; &lt;origin&gt; &lt;installedAt&gt;
 * trying-cause &lt;text&gt;
 * rejected &lt;digest&gt; &lt;release&gt; &lt;reason&gt;
 * </pre>
 */
final class StageFile {
    private final Path file;

    StageFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The state on disk; the first state when there is none. A file that cannot be read is a fault. */
    Stage read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Stage.FIRST;
        }
        Map<String, List<SetEntry>> sets = new LinkedHashMap<>();
        Map<String, Stage.Rejection> rejected = new LinkedHashMap<>();
        String cause = null;
        boolean trying = false;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ", 4);
            switch (parts[0]) {
                case "good", "previous", "trying" -> {
                    String[] f = line.split(" ");
                    if (f.length != 6) {
                        throw new IOException(file + ": a bad line: " + line);
                    }
                    sets.computeIfAbsent(f[0], k -> new ArrayList<>())
                            .add(new SetEntry(f[1], f[2], f[3], f[4], Long.parseLong(f[5])));
                    trying |= f[0].equals("trying");
                }
                case "trying-set" -> trying = true;
                case "trying-cause" -> cause = line.substring("trying-cause ".length());
                case "rejected" -> rejected.put(parts[1], new Stage.Rejection(parts.length > 3 ? parts[3] : "",
                        parts[2]));
                default -> throw new IOException(file + ": an unknown line: " + line);
            }
        }
        Optional<Stage.Trial> trial = trying
                ? Optional.of(new Stage.Trial(BundleSet.of(sets.getOrDefault("trying", List.of())),
                        cause == null ? "" : cause))
                : Optional.empty();
        return new Stage(BundleSet.of(sets.getOrDefault("good", List.of())),
                BundleSet.of(sets.getOrDefault("previous", List.of())), trial, rejected);
    }

    void write(Stage stage) throws IOException {
        StringBuilder out = new StringBuilder("# Bosun's bundle stage (docs/updater.md); written whole, never edited\n");
        append(out, "good", stage.good());
        append(out, "previous", stage.previous());
        stage.trying().ifPresent(t -> {
            out.append("trying-set\n");
            append(out, "trying", t.set());
            out.append("trying-cause ").append(oneLine(t.cause())).append('\n');
        });
        stage.rejected().forEach((digest, r) -> out.append("rejected ").append(digest).append(' ')
                .append(r.release().replace(' ', '_')).append(' ').append(oneLine(r.reason()))
                .append('\n'));
        DurableFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A reason or cause is free text (a vendor's health check writes it): one line of it, whatever it holds. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ");
    }

    private static void append(StringBuilder out, String kind, BundleSet set) {
        for (SetEntry e : set.entries()) {
            out.append(kind).append(' ').append(e.symbolicName()).append(' ').append(e.version()).append(' ')
                    .append(e.digest()).append(' ').append(e.origin()).append(' ').append(e.installedAt())
                    .append('\n');
        }
    }
}
