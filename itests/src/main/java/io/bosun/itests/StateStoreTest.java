package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoredTarget;
import io.bosun.spi.store.TargetStore;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The store as other bundles get it: SQLite loaded from its own bundle, the file in the configured data folder. */
@ExtendWith(ServiceExtension.class)
class StateStoreTest {
    /** A source of its own: the device's sources ("local", the cloud) are the reconciler's to write. */
    static final String SOURCE = "itest-source";

    @InjectService(timeout = 10_000)
    RecordStore records;

    @InjectService(timeout = 10_000)
    TargetStore targets;

    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    @InjectService(timeout = 10_000)
    TargetStateCodec codec;

    @Test
    void theDatabaseLivesInTheDataFolderInWalMode() throws Exception {
        records.namespace("itest").put("marker", "written");
        Path database = config.settings().dataDir().resolve("database.sqlite");
        assertTrue(Files.isRegularFile(database), "the database is " + database);
        assertTrue(Files.exists(database.resolveSibling("database.sqlite-wal")), "WAL beside the database");
    }

    @Test
    void aRecordReadsBack() throws Exception {
        Records mine = records.namespace("itest");
        String value = "value-" + System.nanoTime();
        mine.put("value", value);
        assertEquals(Optional.of(value), mine.get("value"));
        assertEquals(Optional.empty(), records.namespace("itest-other").get("value"), "namespaces are apart");
        mine.remove("value");
        assertEquals(Optional.empty(), mine.get("value"));
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
        try {
            StoredTarget written = targets.replaceTarget(target, SOURCE);
            StoredTarget stored = targets.targets().get(SOURCE);
            assertEquals(target, stored.target());
            assertEquals(SOURCE, stored.source());
            assertEquals(written.sequence(), stored.sequence());
        } finally {
            targets.removeTarget(SOURCE);
        }
        assertFalse(targets.targets().containsKey(SOURCE));
    }
}
