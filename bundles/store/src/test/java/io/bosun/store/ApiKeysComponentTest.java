package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.keys.KeyHolder;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys on the real store: made once, found again, scoped, regenerated (spec §5.1, §11.4 case 44). */
class ApiKeysComponentTest {
    @TempDir
    Path dir;

    final StateStoreComponent store = new StateStoreComponent();

    @BeforeEach
    void open() {
        store.bindConfig(new StateStoreComponentTest.Config(dir));
    }

    @AfterEach
    void close() {
        store.deactivate();
    }

    private ApiKeysComponent keys(String seed) {
        ApiKeysComponent keys = new ApiKeysComponent(seed);
        keys.setStore(store);
        return keys;
    }

    @Test
    void theGlobalKeyIsMadeOnceAndKeptInTheStore() {
        String global = keys(null).globalKey();
        assertEquals(64, global.length());
        assertEquals(global, keys(null).globalKey(), "a second component finds the same key");
        assertEquals(Optional.of(KeyHolder.DEVICE), keys(null).holderOf(global));
    }

    @Test
    void theEnvironmentSeedsTheGlobalKeyAtFirstStartOnly() {
        assertEquals("provisioned0123", keys("provisioned0123").globalKey());
        assertEquals("provisioned0123", keys("another").globalKey(), "a later seed does not replace it");
    }

    /** Regression: a seeded global key was refused until something asked for the global key. */
    @Test
    void aSeededGlobalKeyWorksFromTheFirstCheck() {
        ApiKeysComponent keys = keys("seeded0123");
        keys.keyFor(111, "one");
        assertEquals(Optional.of(KeyHolder.DEVICE), keys.holderOf("seeded0123"));
    }

    @Test
    void aScopedKeyBelongsToItsAppsService() {
        ApiKeysComponent keys = keys(null);
        String one = keys.keyFor(111, "one");
        assertEquals(one, keys.keyFor(111, "one"));
        KeyHolder holder = keys.holderOf(one).orElseThrow();
        assertEquals(new KeyHolder(false, 111, Optional.of("one")), holder);
        assertTrue(holder.mayActOn(111));
        assertTrue(!holder.mayActOn(222));
        assertNotEquals(one, keys.keyFor(222, "one"));
    }

    @Test
    void anUnknownKeyBelongsToNobody() {
        ApiKeysComponent keys = keys(null);
        keys.globalKey();
        assertEquals(Optional.empty(), keys.holderOf("nope"));
        assertEquals(Optional.empty(), keys.holderOf(""));
        assertEquals(Optional.empty(), keys.regenerate("nope"));
    }

    @Test
    void aRegeneratedKeyReplacesTheOldOneForTheSameHolder() {
        ApiKeysComponent keys = keys(null);
        String old = keys.keyFor(111, "one");
        String fresh = keys.regenerate(old).orElseThrow();
        assertNotEquals(old, fresh);
        assertEquals(Optional.empty(), keys.holderOf(old), "the old key no longer works");
        assertEquals(111, keys.holderOf(fresh).orElseThrow().appId());
        assertEquals(fresh, keys.keyFor(111, "one"));
    }

    @Test
    void withoutTheStoreEveryCallSaysSo() {
        ApiKeysComponent keys = new ApiKeysComponent(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, keys::globalKey);
        assertEquals("the state store is not available", e.getMessage());
    }
}
