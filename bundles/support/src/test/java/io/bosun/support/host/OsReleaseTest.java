package io.bosun.support.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reading of os-release, for the API, the reconciler and the engine. */
class OsReleaseTest {
    @TempDir
    Path dir;

    @Test
    void prettyNameWithEitherQuoteOrNone() {
        assertEquals(Optional.of("balenaOS 2.50.1+rev1"),
                OsRelease.parse("ID=balena-os\nPRETTY_NAME=\"balenaOS 2.50.1+rev1\"\nVERSION=2.50.1\n").prettyName());
        assertEquals(Optional.of("Debian GNU/Linux 12 (bookworm)"),
                OsRelease.parse("PRETTY_NAME='Debian GNU/Linux 12 (bookworm)'").prettyName());
        assertEquals(Optional.of("plain"), OsRelease.parse("PRETTY_NAME=plain").prettyName());
        assertEquals(Optional.empty(), OsRelease.parse("NAME=x\n").prettyName());
        assertEquals(Optional.empty(), OsRelease.parse("PRETTY_NAME=\"\"").prettyName());
    }

    @Test
    void otherKeysCommentsAndBrokenLines() {
        OsRelease release = OsRelease.parse("# comment=no\n  BALENA_BOARD_REV = 3b \nnot a line\n=x\nA=\"a=b\"\r\n");
        assertEquals(Optional.of("3b"), release.value("BALENA_BOARD_REV"));
        assertEquals(Optional.of("a=b"), release.value("A"));
        assertEquals(Optional.empty(), release.value("# comment"));
        assertEquals(2, release.values().size(), release.values().toString());
    }

    @Test
    void aMissingFileHasNoValues() throws Exception {
        assertEquals(Optional.empty(), OsRelease.read(dir.resolve("absent")).prettyName());
        Files.writeString(dir.resolve("os-release"), "PRETTY_NAME=\"Bosun test\"\n");
        assertEquals(Optional.of("Bosun test"), OsRelease.read(dir.resolve("os-release")).prettyName());
    }
}
