package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a rollback reads a shipped bundle back from, for each way the launchers install them. */
class ShippedJarTest {
    @TempDir
    Path dir;

    @Test
    void aBundleInstalledByReferenceIsReadFromTheFileItReferences() throws IOException {
        Path jar = Files.write(dir.resolve("with space.jar"), new byte[] {1, 2, 3});
        try (InputStream in = SetInstaller.shippedJar("reference:" + jar.toUri(), "io.bosun.api")) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    @Test
    void aBundleInstalledFromAFileUriOrAPathIsReadFromThatFile() throws IOException {
        Path jar = Files.write(dir.resolve("plain.jar"), new byte[] {4});
        try (InputStream in = SetInstaller.shippedJar(jar.toUri().toString(), "x")) {
            assertArrayEquals(new byte[] {4}, in.readAllBytes());
        }
        try (InputStream in = SetInstaller.shippedJar(jar.toString(), "x")) {
            assertArrayEquals(new byte[] {4}, in.readAllBytes());
        }
    }

    @Test
    void aMissingShippedJarIsAnErrorNamingTheBundleAndWhereItWasInstalledFrom() {
        String location = "reference:" + dir.resolve("gone.jar").toUri();
        IOException e = assertThrows(IOException.class, () -> SetInstaller.shippedJar(location, "io.bosun.store"));
        assertTrue(e.getMessage().contains("io.bosun.store") && e.getMessage().contains(location), e.getMessage());
    }
}
