package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageTest {
    private static final BundleSet OLD = BundleSet.of(List.of(Jars.entry("com.vendor.a", "a0")));
    private static final BundleSet GOOD = BundleSet.of(List.of(Jars.entry("com.vendor.a", "a1"),
            Jars.entry("com.vendor.b", "b1")));
    private static final BundleSet NEXT = GOOD.with(List.of(Jars.entry("com.vendor.b", "b2"),
            Jars.entry("com.vendor.c", "c1")));

    private static Stage running(BundleSet good, BundleSet previous) {
        return new Stage(good, previous, Optional.empty(), Map.of());
    }

    @Test
    void committingATrialMakesItGoodAndTheOldGoodPrevious() {
        Stage stage = running(GOOD, OLD).trying(NEXT, "upload of c.jar");

        Stage committed = stage.committed(NEXT);

        assertEquals(NEXT, committed.good());
        assertEquals(GOOD, committed.previous());
        assertEquals(Optional.empty(), committed.trying());
    }

    @Test
    void committingTheSameJarsAgainKeepsThePreviousSet() {
        BundleSet restaged = BundleSet.of(GOOD.entries().stream()
                .map(e -> new SetEntry(e.symbolicName(), e.version(), e.digest(), e.origin(), e.installedAt() + 5))
                .toList());

        Stage committed = running(GOOD, OLD).trying(restaged, "upload").committed(restaged);

        assertEquals(OLD, committed.previous());
    }

    @Test
    void aRollbackRejectsOnlyTheTrialsNewDigestsWithReasonAndRelease() {
        Stage stage = running(GOOD, OLD).trying(NEXT, "carrier [registry/carrier]");

        Stage rolledBack = stage.rolledBack("not healthy within 30 s", "0123abcd");

        Stage.Rejection why = new Stage.Rejection("not healthy within 30 s", "0123abcd");
        assertEquals(Map.of(Jars.digest("b2"), why, Jars.digest("c1"), why), rolledBack.rejected());
        assertEquals(GOOD, rolledBack.good());
        assertEquals(OLD, rolledBack.previous());
        assertEquals(Optional.empty(), rolledBack.trying());
    }

    @Test
    void aRollbackWithoutATrialRejectsNothing() {
        assertEquals(Map.of(), running(GOOD, OLD).rolledBack("whatever", "upload").rejected());
    }

    @Test
    void givingUpGoesBackToTheShippedSetAndRejectsTheGoodDigests() {
        Stage stage = running(GOOD, OLD);

        Stage givenUp = stage.givenUp("a staged jar is missing");

        assertEquals(BundleSet.SHIPPED, givenUp.good());
        assertEquals(BundleSet.SHIPPED, givenUp.previous());
        Stage.Rejection why = new Stage.Rejection("a staged jar is missing", "boot");
        assertEquals(Map.of(Jars.digest("a1"), why, Jars.digest("b1"), why), givenUp.rejected());
    }

    @Test
    void acceptingDigestsRemovesTheirRejections() {
        Stage stage = running(GOOD, OLD).trying(NEXT, "upload").rolledBack("broken", "upload");

        Stage accepted = stage.accepting(List.of(Jars.digest("b2")));

        assertEquals(Map.of(Jars.digest("c1"), new Stage.Rejection("broken", "upload")), accepted.rejected());
    }

    @Test
    void theFirstStageRunsTheShippedSet() {
        assertEquals(BundleSet.SHIPPED, Stage.FIRST.good());
        assertEquals(BundleSet.SHIPPED, Stage.FIRST.previous());
        assertTrue(Stage.FIRST.trying().isEmpty());
        assertTrue(Stage.FIRST.rejected().isEmpty());
    }
}
