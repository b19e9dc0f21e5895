package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadOrderTest {

    @Test
    void anInspectionOvertakenByANewerOneIsDropped() {
        ReadOrder order = new ReadOrder();
        assertTrue(order.admit("a", 2, true));
        assertFalse(order.admit("a", 1, true), "began before the one taken in");
        assertTrue(order.admit("a", 3, false), "the removal is news");
        assertFalse(order.admit("a", 2, true), "a slow read that began before the removal cannot bring it back");
    }

    /** Regression: the view kept one entry per container id ever seen, growing with container churn. */
    @Test
    void nothingGrowsWithTheNumberOfContainersEverSeen() {
        ReadOrder order = new ReadOrder(16);
        long read = 0;
        for (int i = 0; i < 10_000; i++) {
            assertTrue(order.admit("c" + i, ++read, true));
            assertTrue(order.admit("c" + i, ++read, false));
        }
        assertEquals(16, order.size());
    }

    @Test
    void aForgottenRemovalStillOutranksAReadThatBeganBeforeIt() {
        ReadOrder order = new ReadOrder(2);
        order.admit("old", 5, false);
        order.admit("b", 6, false);
        order.admit("c", 7, false);
        assertFalse(order.admit("old", 4, true), "older than the removals summed up by the floor");
        assertTrue(order.admit("new", 8, true));
    }

    @Test
    void aResyncForgetsTheNumbering() {
        ReadOrder order = new ReadOrder();
        order.admit("a", 9, false);
        order.clear();
        assertTrue(order.admit("a", 1, true));
        assertEquals(1, order.size());
    }
}
