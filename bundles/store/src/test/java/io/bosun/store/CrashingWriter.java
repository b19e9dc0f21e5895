package io.bosun.store;

import io.bosun.spi.store.StoredTarget;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link CrashTest}: through the TargetStore component on the data folder it is given,
 * replaces the target with {@code numbered(n)}, n counting up from the latest stored one, as fast as it can,
 * printing {@code committed <n>} after each replacement returned, until killed.
 */
public final class CrashingWriter {
    static final String COMMITTED = "committed ";

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        TargetStoreComponent store = new TargetStoreComponent();
        store.bindCodec(TestTargets.CODEC);
        store.bindConfig(new TestConfig(Path.of(args[0])));
        List<StoredTarget> stored = List.copyOf(store.targets().values());
        long n = stored.isEmpty() ? 0 : TestTargets.counterOf(stored.get(stored.size() - 1).target());
        while (true) {
            n++;
            store.replaceTarget(TestTargets.numbered(n), CrashTest.source(n));
            System.out.println(COMMITTED + n);
            System.out.flush();
        }
    }
}
