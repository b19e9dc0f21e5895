package io.bosun.locks;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A lock tree in a fresh folder, and app 123's folder in it; the cases need root to own files as others. */
abstract class LockTreeCase {
    @TempDir
    Path root;
    LockTree tree;
    Path app;

    @BeforeEach
    void newTree() throws Exception {
        TestLocks.requireRoot();
        tree = new LockTree(root);
        app = root.resolve("services/123");
    }
}
