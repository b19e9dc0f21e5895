package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BundleSetTest {
    private static final SetEntry A = Jars.entry("com.vendor.a", "a1");
    private static final SetEntry B = Jars.entry("com.vendor.b", "b1");
    private static final SetEntry C = Jars.entry("com.vendor.c", "c1");

    @Test
    void changedFromNamesTheAddedRemovedAndReplacedButNotTheUnchanged() {
        BundleSet before = BundleSet.of(List.of(A, B, C));
        BundleSet after = BundleSet.of(List.of(A, Jars.entry("com.vendor.b", "b2"), Jars.entry("com.vendor.d", "d1")));

        assertEquals(Set.of("com.vendor.b", "com.vendor.c", "com.vendor.d"), after.changedFrom(before));
    }

    @Test
    void aSetHasNotChangedFromItself() {
        BundleSet set = BundleSet.of(List.of(A, B));

        assertEquals(Set.of(), set.changedFrom(set));
    }

    @Test
    void sameJarsIgnoresWhenTheyWereStaged() {
        BundleSet first = BundleSet.of(List.of(A, B));
        BundleSet restaged = BundleSet.of(List.of(
                new SetEntry(A.symbolicName(), A.version(), A.digest(), A.origin(), A.installedAt() + 60_000),
                new SetEntry(B.symbolicName(), B.version(), B.digest(), B.origin(), B.installedAt() + 60_000)));

        assertTrue(first.sameJars(restaged));
        assertNotEquals(first, restaged);
    }

    @Test
    void sameJarsSeesAReplacedOrAddedJar() {
        BundleSet set = BundleSet.of(List.of(A, B));

        assertFalse(set.sameJars(BundleSet.of(List.of(A, Jars.entry("com.vendor.b", "b2")))));
        assertFalse(set.sameJars(set.with(List.of(C))));
        assertFalse(set.sameJars(BundleSet.SHIPPED));
    }

    @Test
    void withPutsEntriesInReplacingThoseOfTheSameName() {
        SetEntry newB = Jars.entry("com.vendor.b", "b2");

        BundleSet set = BundleSet.of(List.of(A, B)).with(List.of(newB, C));

        assertEquals(List.of(A, newB, C), set.entries());
    }

    @Test
    void withoutDropsTheMatchingEntriesAndLeavesTheSetItself() {
        BundleSet set = BundleSet.of(List.of(A, B, C));

        BundleSet less = set.without(e -> e.symbolicName().equals("com.vendor.b"));

        assertEquals(List.of(A, C), less.entries());
        assertEquals(Optional.empty(), less.entry("com.vendor.b"));
        assertEquals(List.of(A, B, C), set.entries());
    }

    @Test
    void withoutCarriersKeepsTheUploads() {
        SetEntry carried = new SetEntry("io.bosun.api", "0.2.0", Jars.digest("api"), "carrier:registry/c", 1L);

        BundleSet set = BundleSet.of(List.of(A, carried)).without(SetEntry::fromCarrier);

        assertEquals(List.of(A), set.entries());
    }

    @Test
    void entriesAreInSymbolicNameOrder() {
        assertEquals(List.of(A, B, C), BundleSet.of(List.of(C, A, B)).entries());
    }

    @Test
    void theShippedSetIsEmptyAndSaysSo() {
        assertEquals(BundleSet.SHIPPED, BundleSet.of(List.of()));
        assertEquals("the shipped set", BundleSet.SHIPPED.toString());
        assertEquals("the shipped set with com.vendor.a 1.0.0", BundleSet.of(List.of(A)).toString());
    }
}
