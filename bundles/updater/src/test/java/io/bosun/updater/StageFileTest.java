package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageFileTest {
    @TempDir
    Path dir;

    private static Stage everyKindOfFact() {
        BundleSet good = BundleSet.of(List.of(Jars.entry("com.vendor.a", "a2"),
                new SetEntry("io.bosun.api", "0.2.0.build7", Jars.digest("api"), "carrier:registry/carrier:1", 42L)));
        BundleSet previous = BundleSet.of(List.of(Jars.entry("com.vendor.a", "a1")));
        BundleSet trial = good.with(List.of(Jars.entry("com.vendor.b", "b1")));
        return new Stage(good, previous, Optional.of(new Stage.Trial(trial, "upload of b.jar (com.vendor.b 1.0.0)")),
                Map.of(Jars.digest("x"), new Stage.Rejection("not healthy within 30 s: the health check db fails",
                        "0123abcd"), Jars.digest("y"), new Stage.Rejection("b.jar could not be installed", "upload")));
    }

    @Test
    void aMissingFileReadsAsTheFirstStage() throws IOException {
        assertEquals(Stage.FIRST, new StageFile(dir.resolve("stage")).read());
    }

    @Test
    void aStageSurvivesARoundTripThroughItsFile() throws IOException {
        StageFile file = new StageFile(dir.resolve("stage"));
        Stage stage = everyKindOfFact();

        file.write(stage);

        assertEquals(stage, file.read());
    }

    @Test
    void aReasonOverSeveralLinesIsKeptOnOneAndTheFileStaysReadable() throws IOException {
        StageFile file = new StageFile(dir.resolve("stage"));
        Stage stage = Stage.FIRST.trying(BundleSet.of(List.of(Jars.entry("com.vendor.a", "a"))), "a\rcause")
                .rolledBack("the health check x fails: line1\r\nline2\nline3", "upload");

        file.write(stage);

        assertEquals("the health check x fails: line1 line2 line3",
                file.read().rejected().values().iterator().next().reason());
    }

    @Test
    void aTrialOfTheShippedSetSurvivesARoundTrip() throws IOException {
        StageFile file = new StageFile(dir.resolve("stage"));
        Stage stage = Stage.FIRST.trying(BundleSet.SHIPPED, "removal of com.vendor.a");

        file.write(stage);

        assertEquals(Optional.of(new Stage.Trial(BundleSet.SHIPPED, "removal of com.vendor.a")), file.read().trying());
    }

    @Test
    void writingCreatesTheMissingFolder() throws IOException {
        StageFile file = new StageFile(dir.resolve("bundles").resolve("stage"));

        file.write(everyKindOfFact());

        assertEquals(everyKindOfFact(), file.read());
    }

    @Test
    void aFileWithAnUnknownLineIsAFaultNamingTheLine() throws IOException {
        Path path = dir.resolve("stage");
        Files.writeString(path, "# a comment\n\nfavourite-colour blue\n");

        IOException e = assertThrows(IOException.class, () -> new StageFile(path).read());

        assertTrue(e.getMessage().contains("favourite-colour blue"), e.getMessage());
    }

    @Test
    void aSetLineWithTooFewFieldsIsAFaultNamingTheLine() throws IOException {
        Path path = dir.resolve("stage");
        Files.writeString(path, "good com.vendor.a 1.0.0\n");

        IOException e = assertThrows(IOException.class, () -> new StageFile(path).read());

        assertTrue(e.getMessage().contains("good com.vendor.a 1.0.0"), e.getMessage());
    }

    @Test
    void theFileOnDiskIsReplacedWhole() throws IOException {
        Path path = dir.resolve("stage");
        StageFile file = new StageFile(path);
        file.write(everyKindOfFact());
        Path oldContent = dir.resolve("old-content");
        Files.createLink(oldContent, path); // a second name of the file as first written
        String before = Files.readString(oldContent);

        file.write(Stage.FIRST);

        assertEquals(Stage.FIRST, file.read());
        String after = Files.readString(path, StandardCharsets.UTF_8);
        assertFalse(after.contains("com.vendor"), after);
        assertEquals(before, Files.readString(oldContent), "the old file was edited in place, not replaced");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("old-content", "stage"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "a temporary file was left");
        }
    }
}
