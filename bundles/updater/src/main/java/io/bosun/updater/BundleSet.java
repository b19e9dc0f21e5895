package io.bosun.updater;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A set of bundles as the shipped set plus what replaces or adds to it, one entry per symbolic name. The shipped
 * set itself is the empty one.
 */
record BundleSet(Map<String, SetEntry> bySymbolicName) {
    static final BundleSet SHIPPED = new BundleSet(Map.of());

    BundleSet {
        bySymbolicName = Map.copyOf(bySymbolicName);
    }

    static BundleSet of(Collection<SetEntry> entries) {
        Map<String, SetEntry> map = new TreeMap<>();
        entries.forEach(e -> map.put(e.symbolicName(), e));
        return new BundleSet(map);
    }

    List<SetEntry> entries() {
        return bySymbolicName.values().stream().sorted((a, b) -> a.symbolicName().compareTo(b.symbolicName()))
                .toList();
    }

    Optional<SetEntry> entry(String symbolicName) {
        return Optional.ofNullable(bySymbolicName.get(symbolicName));
    }

    /** This set with these entries put in (replacing those of the same names). */
    BundleSet with(Collection<SetEntry> entries) {
        Map<String, SetEntry> map = new TreeMap<>(bySymbolicName);
        entries.forEach(e -> map.put(e.symbolicName(), e));
        return new BundleSet(map);
    }

    /** This set without the entries that match. */
    BundleSet without(Predicate<SetEntry> drop) {
        return of(bySymbolicName.values().stream().filter(drop.negate()).toList());
    }

    /** Whether both sets install the same jars (when they were staged does not matter). */
    boolean sameJars(BundleSet other) {
        return digests().equals(other.digests()) && bySymbolicName.keySet().equals(other.bySymbolicName.keySet());
    }

    Set<String> digests() {
        return bySymbolicName.values().stream().map(SetEntry::digest).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The names whose jar differs between the two sets (added, removed or replaced). */
    Set<String> changedFrom(BundleSet before) {
        Set<String> names = new LinkedHashSet<>();
        bySymbolicName.forEach((name, e) -> before.entry(name).filter(b -> b.digest().equals(e.digest()))
                .ifPresentOrElse(same -> { }, () -> names.add(name)));
        before.bySymbolicName.keySet().stream().filter(n -> !bySymbolicName.containsKey(n)).forEach(names::add);
        return names;
    }

    @Override
    public String toString() {
        return bySymbolicName.isEmpty() ? "the shipped set"
                : bySymbolicName.values().stream().map(e -> e.symbolicName() + " " + e.version())
                        .collect(Collectors.joining(", ", "the shipped set with ", ""));
    }
}
