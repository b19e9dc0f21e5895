package io.bosun.api;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerEngine;
import io.bosun.spi.health.HealthCheck;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.intake.TargetSelection;
import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.locks.UpdateLocks;
import io.bosun.spi.logs.LogStream;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.ReleaseRecords;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The services of the routes, by name; a service left unset is missing (the routes answer 503 for it), and the
 * in-memory ones below stand in for the store and the reconciler's intake.
 */
final class TestServices {
    SupervisorConfig config;
    List<HealthCheck> healthChecks = List.of();
    Reconciler reconciler;
    TargetIntake intake;
    ReleaseRecords releases;
    RecordStore records;
    ContainerEngine engine;
    TargetStateCodec codec;
    ApiKeys keys;
    UpdateLocks locks;
    LogStream logs;

    Services build() {
        return new Services(() -> Optional.ofNullable(config), () -> healthChecks,
                () -> Optional.ofNullable(reconciler), () -> Optional.ofNullable(intake),
                () -> Optional.ofNullable(releases), () -> Optional.ofNullable(records),
                () -> Optional.ofNullable(engine), () -> Optional.ofNullable(codec), () -> Optional.ofNullable(keys),
                () -> Optional.ofNullable(locks), () -> Optional.ofNullable(logs));
    }

    /** An intake whose device runs this target (or none), in the mode given; offers are recorded and applied. */
    static final class FixedIntake implements TargetIntake {
        private final java.util.function.Supplier<Optional<TargetState>> running;
        private final boolean localMode;
        private long sequence = 1;
        private Optional<TargetState> offeredLast = Optional.empty();
        final List<TargetState> offered = new ArrayList<>();
        final Map<String, TargetState> stored = new ConcurrentHashMap<>();

        FixedIntake(Optional<TargetState> running, boolean localMode) {
            this(() -> running, localMode);
        }

        /** The running target read afresh on every selection (a test changes it meanwhile). */
        FixedIntake(java.util.function.Supplier<Optional<TargetState>> running, boolean localMode) {
            this.running = running;
            this.localMode = localMode;
        }

        @Override
        public synchronized Offer offer(String source, TargetState target, ApplyOptions options) {
            offered.add(target);
            stored.put(source, target);
            offeredLast = Optional.of(target);
            return Offer.applied(++sequence);
        }

        @Override
        public synchronized TargetSelection selection() {
            return new TargetSelection(sequence, true, localMode ? LOCAL : "https://api.example.com", localMode,
                    offeredLast.or(running));
        }

        @Override
        public Optional<TargetState> stored(String source) {
            return Optional.ofNullable(stored.get(source));
        }
    }

    /** Release records in memory. */
    static final class MemoryReleases implements ReleaseRecords {
        final List<ImageRecord> images = new ArrayList<>();
        final Map<Long, String> commits = new TreeMap<>();

        @Override
        public synchronized List<ImageRecord> images() {
            return List.copyOf(images);
        }

        @Override
        public synchronized void putImage(ImageRecord image) {
            images.add(image);
        }

        @Override
        public synchronized int removeImages(String name) {
            int before = images.size();
            images.removeIf(i -> i.name().equals(name));
            return before - images.size();
        }

        @Override
        public synchronized Map<Long, String> currentCommits() {
            return Map.copyOf(commits);
        }

        @Override
        public synchronized void putCurrentCommit(long appId, String commit) {
            commits.put(appId, commit);
        }

        @Override
        public synchronized void removeCurrentCommit(long appId) {
            commits.remove(appId);
        }
    }

    /** Records in memory, one map per namespace. */
    static final class MemoryRecords implements RecordStore {
        final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

        @Override
        public Records namespace(String owner) {
            return namespaces.computeIfAbsent(owner, Namespace::new);
        }

        static final class Namespace implements Records {
            private final String name;
            final Map<String, String> texts = new TreeMap<>();
            final Map<String, Set<String>> sets = new TreeMap<>();
            final Map<String, Map<String, String>> maps = new TreeMap<>();

            Namespace(String name) {
                this.name = name;
            }

            @Override
            public String namespace() {
                return name;
            }

            @Override
            public synchronized Optional<String> get(String key) {
                return Optional.ofNullable(texts.get(key));
            }

            @Override
            public synchronized void put(String key, String value) {
                texts.put(key, value);
            }

            @Override
            public synchronized Optional<String> update(String key, UnaryOperator<Optional<String>> change) {
                Optional<String> next = change.apply(get(key));
                next.ifPresentOrElse(v -> texts.put(key, v), () -> texts.remove(key));
                return next;
            }

            @Override
            public synchronized void remove(String key) {
                texts.remove(key);
                sets.remove(key);
                maps.remove(key);
            }

            @Override
            public synchronized Set<String> members(String key) {
                return Set.copyOf(sets.getOrDefault(key, Set.of()));
            }

            @Override
            public synchronized boolean addMember(String key, String member) {
                return sets.computeIfAbsent(key, k -> new TreeSet<>()).add(member);
            }

            @Override
            public synchronized boolean removeMember(String key, String member) {
                return sets.getOrDefault(key, new TreeSet<>()).remove(member);
            }

            @Override
            public synchronized void retainMembers(String key, Collection<String> kept) {
                sets.getOrDefault(key, new TreeSet<>()).retainAll(kept);
            }

            @Override
            public synchronized Map<String, String> entries(String key) {
                return new LinkedHashMap<>(maps.getOrDefault(key, Map.of()));
            }

            @Override
            public synchronized void putEntries(String key, Map<String, String> entries) {
                maps.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(entries);
            }
        }
    }
}
