package io.bosun.updater;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a change of set out on the framework: every bundle that differs is updated, installed or uninstalled
 * first, then what must be refreshed is refreshed once, then the new and updated bundles are started. A bundle
 * of the shipped set goes back to the jar it was shipped in.
 */
final class SetInstaller {
    private static final String REFERENCE = "reference:";
    /** The location of the bundles the updater installs; the shipped ones keep the launcher's. */
    static final String LOCATION = "bosun:";
    /** Vendor bundles start with the supervisor's own components. */
    static final int VENDOR_START_LEVEL = 10;
    static final String PROBE = "bosun:probe:";
    private static final Logger LOG = LoggerFactory.getLogger(SetInstaller.class);

    private final BundleContext context;
    private final JarStore jars;

    SetInstaller(BundleContext context, JarStore jars) {
        this.context = context;
        this.jars = jars;
    }

    /** What a change did: the bundles it installed or updated, and those that failed to start, with the reason. */
    record Applied(List<Bundle> touched, Map<String, String> startFailures) {
    }

    Applied apply(BundleSet from, BundleSet to) throws IOException, BundleException {
        List<Bundle> touched = new ArrayList<>();
        for (String name : to.changedFrom(from)) {
            Optional<SetEntry> wanted = to.entry(name);
            Bundle installed = find(name).orElse(null);
            if (wanted.isPresent()) {
                try (InputStream in = jars.open(wanted.get().digest())) {
                    if (installed == null) {
                        Bundle added = context.installBundle(LOCATION + name, in);
                        added.adapt(BundleStartLevel.class).setStartLevel(VENDOR_START_LEVEL);
                        touched.add(added);
                    } else {
                        installed.update(in);
                        touched.add(installed);
                    }
                }
            } else if (installed != null && installed.getLocation().startsWith(LOCATION)) {
                installed.uninstall();
            } else if (installed != null) {
                try (InputStream in = shippedJar(installed)) {
                    installed.update(in);
                }
                touched.add(installed);
            }
        }
        refreshPending();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Bundle bundle : touched) {
            if (!isFragment(bundle)) {
                try {
                    bundle.start(Bundle.START_ACTIVATION_POLICY);
                } catch (BundleException | IllegalStateException e) {
                    failures.put(bundle.getSymbolicName(), e.getMessage());
                }
            }
        }
        return new Applied(touched, failures);
    }

    /**
     * Why these jars would not resolve in this framework, if they would not: each is installed beside the running
     * bundles under a probe location, resolved and uninstalled again, never started. A jar with the name and
     * version of an installed bundle cannot be installed beside it; the health gate judges that one.
     */
    Optional<String> unresolvable(List<CandidateJar> candidates) throws BundleException {
        List<Bundle> probes = new ArrayList<>();
        try {
            for (CandidateJar jar : candidates) {
                try {
                    probes.add(context.installBundle(PROBE + jar.digest(), new java.io.ByteArrayInputStream(jar.bytes())));
                } catch (BundleException e) {
                    if (e.getType() != BundleException.DUPLICATE_BUNDLE_ERROR) {
                        return Optional.of(jar.name() + " cannot be installed: " + e.getMessage());
                    }
                }
            }
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            if (probes.isEmpty() || wiring.resolveBundles(probes)) {
                return Optional.empty();
            }
            for (Bundle probe : probes) {
                if (probe.getState() == Bundle.INSTALLED) {
                    return Optional.of(probe.getSymbolicName() + " " + probe.getVersion() + " does not resolve: "
                            + resolutionFault(probe));
                }
            }
            return Optional.empty();
        } finally {
            for (Bundle probe : probes) {
                probe.uninstall();
            }
            refreshPending();
        }
    }

    /** The framework's own words for what a bundle lacks (starting an unresolvable bundle only resolves it). */
    private static String resolutionFault(Bundle bundle) {
        try {
            bundle.start(Bundle.START_TRANSIENT);
            bundle.stop(Bundle.STOP_TRANSIENT);
            return "it resolves only on its own";
        } catch (BundleException e) {
            return e.getMessage();
        }
    }

    /**
     * The entries of a set whose installed bundle has other bundles wired to it (the spi, a library): replacing
     * it needs a refresh of those. An implementation bundle, which exports nothing, is not, even when it runs.
     */
    BundleSet wiredEntries(BundleSet set) {
        return set.without(e -> !find(e.symbolicName()).map(SetInstaller::wired).orElse(false));
    }

    private static boolean wired(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        return wiring != null && wiring.getProvidedWires(null).stream()
                .anyMatch(wire -> !wire.getRequirerWiring().getBundle().equals(bundle));
    }

    /** The installed bundles of a set's entries. */
    List<Bundle> bundlesOf(BundleSet set) {
        return set.entries().stream().map(e -> find(e.symbolicName())).flatMap(Optional::stream).toList();
    }

    /** Which of these bundles the framework cannot resolve, if any (at start, before any of them is started). */
    Optional<String> unresolved(List<Bundle> bundles) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        if (bundles.isEmpty() || wiring.resolveBundles(bundles)) {
            return Optional.empty();
        }
        return Optional.of(bundles.stream().filter(b -> b.getState() == Bundle.INSTALLED)
                .map(b -> b.getSymbolicName() + " " + b.getVersion()).reduce((a, b) -> a + ", " + b)
                .orElse("a bundle") + " does not resolve against this framework");
    }

    Optional<Bundle> find(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()) && !b.getLocation().startsWith(PROBE))
                .findFirst();
    }

    /** Refreshes the bundles whose old revisions are still wired, once, and waits for it. */
    void refreshPending() {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Collection<Bundle> pending = wiring.getRemovalPendingBundles();
        if (pending.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(pending, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                LOG.warn("The refresh of {} did not end within 60 s", pending);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The jar a bundle of the shipped set came from: the launcher installs from a file, a URL or, in the
     * executable jar, a resource of the launcher's class path named by the location.
     */
    static InputStream shippedJar(Bundle bundle) throws IOException {
        return shippedJar(bundle.getLocation(), bundle.getSymbolicName());
    }

    static InputStream shippedJar(String installedFrom, String symbolicName) throws IOException {
        // Bosun's launcher installs the shipped jars by reference to their extracted files (docs/footprint.md).
        String location = installedFrom;
        if (location.startsWith(REFERENCE)) {
            location = location.substring(REFERENCE.length());
        }
        Path file = location.startsWith("file:") ? fileOf(location) : Path.of(location);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        if (location.contains(":")) {
            try {
                return new URL(location).openStream();
            } catch (IOException e) {
                // not a URL Java opens: try the class path
            }
        }
        InputStream resource = ClassLoader.getSystemClassLoader().getResourceAsStream(location);
        if (resource == null) {
            throw new IOException("the shipped jar of " + symbolicName + " is not found at " + installedFrom);
        }
        return resource;
    }

    private static Path fileOf(String fileUri) {
        try {
            return Path.of(java.net.URI.create(fileUri));
        } catch (IllegalArgumentException e) {
            return Path.of(fileUri.substring("file:".length()));
        }
    }

    static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
