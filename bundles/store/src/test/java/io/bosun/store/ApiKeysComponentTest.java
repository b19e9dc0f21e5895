package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.keys.KeyHolder;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys on a real file: made once, found again, scoped, regenerated, revoked (spec §5.1, §11.4 case 44). */
class ApiKeysComponentTest {
    @TempDir
    Path dir;

    final List<ApiKeysComponent> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ApiKeysComponent::deactivate);
    }

    private ApiKeysComponent keys(String seed) {
        ApiKeysComponent keys = new ApiKeysComponent(seed);
        keys.bindConfig(new TestConfig(dir));
        opened.add(keys);
        return keys;
    }

    /** Closes the file (this test's components are its only users), as a restart does. */
    private void restart() {
        close();
        opened.clear();
    }

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    @Test
    void theGlobalKeyIsMadeOnceAndKeptInTheStore() {
        String global = keys(null).globalKey();
        assertEquals(64, global.length());
        assertEquals(global, keys(null).globalKey(), "a second component finds the same key");
        restart();
        assertEquals(Optional.of(KeyHolder.DEVICE), keys(null).holderOf(global), "and so does a restart");
    }

    @Test
    void theSeedMakesTheGlobalKeyAtFirstStartOnly() {
        assertEquals("provisioned0123", keys("provisioned0123").globalKey());
        restart();
        assertEquals("provisioned0123", keys("another").globalKey(), "a later seed does not replace it");
    }

    /** The seed comes from the io.bosun.keys configuration; a change is taken in without a new activation. */
    @Test
    void theSeedOfTheConfigurationMakesTheFirstGlobalKeyOnly() {
        ApiKeysComponent keys = new ApiKeysComponent(settings(Map.of()));
        keys.bindConfig(new TestConfig(dir));
        opened.add(keys);
        keys.modified(settings(Map.of("_apiKeySeed", "seeded_later")));
        assertEquals("seeded_later", keys.globalKey(), "a seed that came after activation is used");
        keys.modified(settings(Map.of("_apiKeySeed", "another")));
        assertEquals("seeded_later", keys.globalKey(), "a stored global key is never replaced by a seed");
        keys.modified(settings(Map.of("_apiKeySeed", "has-dash")));
        assertEquals(Optional.of(KeyHolder.DEVICE), keys.holderOf("seeded_later"));
    }

    @Test
    void withoutAConfigurationTheGlobalKeyIsRandom() {
        ApiKeysComponent keys = new ApiKeysComponent(settings(Map.of()));
        keys.bindConfig(new TestConfig(dir));
        opened.add(keys);
        assertTrue(keys.globalKey().matches("[0-9a-f]{64}"));
    }

    private static ApiKeysComponent.Settings settings(Map<String, Object> values) {
        return (ApiKeysComponent.Settings) Proxy.newProxyInstance(ApiKeysComponent.Settings.class.getClassLoader(),
                new Class<?>[] {ApiKeysComponent.Settings.class}, (proxy, method, args) -> values.getOrDefault(
                        method.getName(), method.getDefaultValue()));
    }

    /** Regression: a seeded global key was refused until something asked for the global key. */
    @Test
    void aSeededGlobalKeyWorksFromTheFirstCheck() {
        ApiKeysComponent keys = keys("seeded0123");
        keys.keyFor(111, "one");
        assertEquals(Optional.of(KeyHolder.DEVICE), keys.holderOf("seeded0123"));
    }

    @Test
    void aScopedKeyBelongsToItsAppsService() throws Exception {
        ApiKeysComponent keys = keys(null);
        String one = keys.keyFor(111, "one");
        assertEquals(one, keys.keyFor(111, "one"));
        KeyHolder holder = keys.holderOf(one).orElseThrow();
        assertEquals(new KeyHolder(false, 111, Optional.of("one")), holder);
        assertTrue(holder.mayActOn(111));
        assertTrue(!holder.mayActOn(222));
        assertNotEquals(one, keys.keyFor(222, "one"));
        assertEquals(List.of(List.of("111", "one", ApiKeysComponent.appScope(111))), TestFiles.rows(file(),
                "SELECT k.app_id, k.service_name, s.scope FROM api_key k JOIN api_key_scope s ON s.api_key_id = k.id "
                        + "WHERE k.key = ?", one));
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
        assertEquals(Optional.empty(), keys.regenerate(old), "an old key cannot be regenerated again");
    }

    /** The keys in memory are the database's, not the component's: no component answers with a stale key. */
    @Test
    void aKeyChangedThroughOneComponentIsSeenByTheOthers() {
        ApiKeysComponent first = keys(null);
        ApiKeysComponent second = keys(null);
        String old = first.keyFor(111, "one");
        assertTrue(second.holderOf(old).isPresent(), "the second component loaded the keys");
        String fresh = first.regenerate(old).orElseThrow();
        assertEquals(Optional.empty(), second.holderOf(old));
        assertEquals(111, second.holderOf(fresh).orElseThrow().appId());
    }

    @Test
    void retainAppsRevokesTheKeysOfAppsThatAreGoneButNeverTheGlobalKey() throws Exception {
        ApiKeysComponent keys = keys(null);
        String global = keys.globalKey();
        String kept = keys.keyFor(111, "one");
        String keptToo = keys.keyFor(111, "two");
        String gone = keys.keyFor(222, "one");

        keys.retainApps(Set.of(111L, 333L));
        assertEquals(Optional.empty(), keys.holderOf(gone));
        assertEquals(111, keys.holderOf(kept).orElseThrow().appId());
        assertEquals(111, keys.holderOf(keptToo).orElseThrow().appId());
        assertEquals(List.of(List.of("0"), List.of("111"), List.of("111")),
                TestFiles.rows(file(), "SELECT app_id FROM api_key ORDER BY app_id"));
        assertEquals(List.of(List.of("3")), TestFiles.rows(file(), "SELECT count(*) FROM api_key_scope"),
                "the revoked key's scope went with it (foreign keys are on)");

        keys.retainApps(Set.of());
        assertEquals(Optional.of(KeyHolder.DEVICE), keys.holderOf(global));
        assertEquals(Optional.empty(), keys.holderOf(kept));
        restart();
        assertEquals(Optional.empty(), keys(null).holderOf(kept), "revoked on disk");
        assertEquals(List.of(List.of("0")), TestFiles.rows(file(), "SELECT app_id FROM api_key"));
    }

    @Test
    void anAppThatComesBackGetsANewKey() {
        ApiKeysComponent keys = keys(null);
        String before = keys.keyFor(222, "one");
        keys.retainApps(Set.of(111L));
        String after = keys.keyFor(222, "one");
        assertNotEquals(before, after);
        assertEquals(222, keys.holderOf(after).orElseThrow().appId());
    }

    @Test
    void theDatabaseItselfAllowsOneGlobalKey() {
        keys(null).globalKey();
        SQLException e = assertThrows(SQLException.class, () -> TestFiles.execute(file(),
                "INSERT INTO api_key (app_id, service_name, key) VALUES (0, NULL, 'two')"));
        assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
    }

    @Test
    void aFailureSaysWhatWasBeingDoneAndWritesNothing() throws Exception {
        ApiKeysComponent keys = keys(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> keys.keyFor(1, ""));
        assertTrue(e.getMessage().startsWith("the API keys cannot be written: cannot store the API key of service  "
                + "of app 1: "), e.getMessage());
        assertTrue(e.getCause().getCause() instanceof SQLException);
        assertEquals(List.of(List.of("0")), TestFiles.rows(file(), "SELECT count(*) FROM api_key"),
                "nothing half-written");
    }

    @Test
    void withoutAConfigurationEveryCallSaysSo() {
        ApiKeysComponent keys = new ApiKeysComponent((String) null);
        IllegalStateException e = assertThrows(IllegalStateException.class, keys::globalKey);
        assertEquals("the API keys cannot be read: store not ready: no supervisor configuration yet",
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> keys.retainApps(Set.of()));
    }
}
