package io.bosun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.store.StoredTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that replaces the target in a tight loop (SIGKILL, at a random moment) and checks what a
 * restart finds: a sound file holding the last target the process reported committed, or the one it was
 * committing, whole: every field of it carries the same counter; the other source keeps the one before.
 */
class CrashTest {
    private static final int KILLS = 15;

    @TempDir
    Path dir;

    /**
     * The source of {@code numbered(n)}: two sources take turns, so each write also has to leave the other
     * source's target alone and become the latest.
     */
    static String source(long n) {
        return "https://api" + (n % 2) + ".example.com";
    }

    @Test
    void aKilledWriterLeavesTheLastTargetOrTheNextOneWholeNeverAMix() throws Exception {
        Path file = dir.resolve(Database.FILE_NAME);
        Random random = new Random();
        long previous = 0;
        long previousSequence = 0;
        List<String> history = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            Child child = Child.start(dir, dir.resolve("child-" + kill + ".err"));
            assertTrue(child.firstCommit.await(30, TimeUnit.SECONDS), "the child committed once: " + child.errors());
            Thread.sleep(random.nextInt(150));
            // SIGKILL through the process handle: Process.destroyForcibly() would also close our end of the
            // child's stdout, losing the last "committed" lines still in the pipe.
            assertTrue(child.process.toHandle().destroyForcibly(), "the kill was sent");
            child.process.waitFor(30, TimeUnit.SECONDS);
            child.output.join(10_000);
            assertEquals(null, child.lostOutput.get(), "every line the child printed was read");
            long reported = child.lastCommitted.get();
            assertTrue(reported > previous, "the child continued from the stored counter");

            assertEquals("ok", TestFiles.integrityCheck(file), "sound after kill " + kill);
            long stored;
            TargetStoreComponent store = new TargetStoreComponent();
            try {
                store.bindCodec(TestTargets.CODEC);
                store.bindConfig(new TestConfig(dir));
                Map<String, StoredTarget> targets = store.targets();
                List<StoredTarget> oldestFirst = List.copyOf(targets.values());
                StoredTarget latest = oldestFirst.get(oldestFirst.size() - 1);
                stored = TestTargets.counterOf(latest.target());
                history.add(reported + "->" + stored);
                assertTrue(stored == reported || stored == reported + 1,
                        "kill " + kill + ": reported " + reported + ", stored " + stored);
                assertEquals(TestTargets.numbered(stored), latest.target(), "every field carries " + stored);
                assertEquals(source(stored), latest.source());
                assertTrue(latest.sequence() > previousSequence, "the sequence went on growing");
                if (stored > 1) {
                    StoredTarget other = targets.get(source(stored - 1));
                    assertEquals(TestTargets.numbered(stored - 1), other.target(),
                            "the other source keeps the write before");
                    assertTrue(other.sequence() < latest.sequence());
                }
                previousSequence = latest.sequence();
            } finally {
                store.deactivate();
            }
            assertNoFileMovedAside();
            previous = stored;
        }
        System.out.println("crash test (reported->stored): " + history);
    }

    private void assertNoFileMovedAside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.contains("corrupt"))
                    .toList(), "nothing was found corrupt");
        }
    }

    /** A {@link CrashingWriter} JVM and the thread that reads what it reports. */
    record Child(Process process, Thread output, AtomicLong lastCommitted, CountDownLatch firstCommit,
            AtomicReference<IOException> lostOutput, Path errorFile) {

        static Child start(Path dataDir, Path errorFile) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.real.class.path", System.getProperty("java.class.path"));
            Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", classPath, CrashingWriter.class.getName(), dataDir.toString())
                    .redirectError(errorFile.toFile()).start();
            AtomicLong last = new AtomicLong();
            AtomicReference<IOException> lost = new AtomicReference<>();
            CountDownLatch first = new CountDownLatch(1);
            Thread output = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null;) {
                        if (line.startsWith(CrashingWriter.COMMITTED)) {
                            last.set(Long.parseLong(line.substring(CrashingWriter.COMMITTED.length())));
                            first.countDown();
                        }
                    }
                } catch (IOException e) {
                    lost.set(e);
                }
            }, "crashing-writer-output");
            output.start();
            return new Child(process, output, last, first, lost, errorFile);
        }

        String errors() {
            try {
                return Files.readString(errorFile);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
