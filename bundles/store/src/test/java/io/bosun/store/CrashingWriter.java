package io.bosun.store;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The child process of {@link CrashTest}: replaces the target with {@code numbered(n)}, n counting up from the
 * stored one, as fast as it can, printing {@code committed <n>} after each replacement returned, until killed.
 */
public final class CrashingWriter {
    static final String COMMITTED = "committed ";

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        try (Database database = Database.open(Path.of(args[0]))) {
            SqliteStateStore store = new SqliteStateStore(database, () -> TestTargets.CODEC, Clock.systemUTC());
            long n = store.target().map(t -> TestTargets.counterOf(t.target())).orElse(0L);
            while (true) {
                n++;
                store.replaceTarget(TestTargets.numbered(n), CrashTest.source(n));
                System.out.println(COMMITTED + n);
                System.out.flush();
            }
        }
    }
}
