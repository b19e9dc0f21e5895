package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.StateStore;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The store as other bundles get it: SQLite loaded from its own bundle, the file in the configured data folder. */
@ExtendWith(ServiceExtension.class)
class StateStoreTest {
    @InjectService(timeout = 10_000)
    StateStore store;

    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    @InjectService(timeout = 10_000)
    TargetStateCodec codec;

    @Test
    void theDatabaseLivesInTheDataFolderInWalMode() throws Exception {
        store.putValue("itest.marker", "written");
        Path database = config.settings().dataDir().resolve("database.sqlite");
        assertTrue(Files.isRegularFile(database), "the database is " + database);
        assertTrue(Files.exists(database.resolveSibling("database.sqlite-wal")), "WAL beside the database");
    }

    @Test
    void aValueReadsBack() throws Exception {
        String value = "value-" + System.nanoTime();
        store.putValue("itest.value", value);
        assertEquals(Optional.of(value), store.value("itest.value"));
        store.removeValue("itest.value");
        assertEquals(Optional.empty(), store.value("itest.value"));
    }

    @Test
    void aTargetReadByTheCodecIsStoredAndReadBackEqual() throws Exception {
        String uuid = config.device().uuid();
        String document = """
                {"%s": {"name": "itest-device", "config": {"BALENA_SUPERVISOR_POLL_INTERVAL": "900000"},
                  "apps": {"itestapp": {"id": 1234, "name": "itest", "class": "fleet",
                    "releases": {"cafe0123": {"id": 7,
                      "services": {"main": {"id": 23, "image_id": 45, "image": "busybox",
                        "environment": {"GREETING": "hello"}, "labels": {},
                        "composition": {"command": ["sleep", "infinity"], "privileged": false}}},
                      "volumes": {"data": {}}, "networks": {}}}}}}}
                """.formatted(uuid);
        TargetState target = codec.readV3(document.getBytes(StandardCharsets.UTF_8), uuid);

        Optional<StoredTarget> before = store.target();
        store.replaceTarget(target, "local");
        try {
            StoredTarget stored = store.target().orElseThrow();
            assertEquals(target, stored.target());
            assertEquals("local", stored.source());
        } finally {
            // The target names an image no registry here has: a reconciler restarted by a later test (the
            // hot-update test) would find it stored and try to apply it.
            store.replaceTarget(before.map(StoredTarget::target)
                    .orElse(new TargetState(uuid, "itest-device", Map.of(), Map.of())), "local");
        }
    }
}
