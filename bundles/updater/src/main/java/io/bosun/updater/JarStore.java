package io.bosun.updater;

import io.bosun.support.files.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The staged jars, one file per digest. A jar is written whole before any set names it, and checked against its
 * name when read: a jar damaged on disk is never installed.
 */
final class JarStore {
    private final Path folder;

    JarStore(Path folder) {
        this.folder = folder;
    }

    /** Writes the jar unless the very same bytes are there already (a copy damaged on disk is replaced). */
    void put(CandidateJar jar) throws IOException {
        Path file = file(jar.digest());
        if (!Files.isRegularFile(file) || !CandidateJar.sha256(Files.readAllBytes(file)).equals(jar.digest())) {
            DurableFiles.write(file, jar.bytes());
        }
    }

    /** The jar of that digest, checked; fails when missing or damaged. */
    InputStream open(String digest) throws IOException {
        byte[] bytes = Files.readAllBytes(file(digest));
        if (!CandidateJar.sha256(bytes).equals(digest)) {
            throw new IOException("the staged jar " + file(digest) + " is damaged: its digest differs");
        }
        return new java.io.ByteArrayInputStream(bytes);
    }

    boolean has(String digest) {
        return Files.isRegularFile(file(digest));
    }

    /** Deletes the jars no set names any more. */
    void keepOnly(Set<String> digests) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean leftOver = name.startsWith(".") && name.endsWith(".tmp"); // of a write a crash cut short
                if (leftOver || name.endsWith(".jar") && !digests.contains(name.substring(0, name.length() - 4))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private Path file(String digest) {
        return folder.resolve(digest + ".jar");
    }
}
