package io.bosun.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The main class of {@code bosun.jar}. It replaces bnd's launcher, which copied every bundle into a fresh
 * temporary storage at each start: here the storage and the extracted bundles are kept under the data folder and
 * reused while they hold what the jar ships (docs/footprint.md).
 */
public final class Main {
    private static final long STOP_WAIT_MILLIS = 30_000;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LaunchPlan plan = LaunchPlan.read(readPlan());
        DataFolder folder = DataFolder.of(System.getProperty(DataFolder.STORAGE_PROPERTY), System.getenv(),
                "root".equals(System.getProperty("user.name")), Path.of("").toAbsolutePath());
        Path bundles;
        try {
            Files.createDirectories(folder.storage());
            bundles = ExtractedBundles.ensure(ownJar(), plan, folder.extracted());
        } catch (IOException e) {
            System.err.println(folder.cannotCreate(e));
            System.exit(DataFolder.BAD_SETTING);
            return;
        }
        Map<String, ShippedBundle> byLocation = new LinkedHashMap<>();
        for (ShippedBundle bundle : plan.bundles()) {
            byLocation.put("reference:" + bundles.resolve(bundle.fileName()).toUri(), bundle);
        }
        Framework framework = initialise(plan, folder.storage(), byLocation);
        CountDownLatch started = Training.requested() ? Training.started(framework) : null;
        framework.start();
        if (started != null) {
            int code = Training.run(framework, started);
            stop(framework);
            System.exit(code);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "bosun-launcher-stop"));
        FrameworkEvent end = framework.waitForStop(0);
        System.exit(end.getType() == FrameworkEvent.ERROR ? 1 : 0);
    }

    /** The framework, initialised on the kept storage or on a fresh install of the plan's bundles. */
    private static Framework initialise(LaunchPlan plan, Path storage, Map<String, ShippedBundle> byLocation)
            throws IOException, BundleException {
        KeptStorage.Install install = KeptStorage.Install.read(storage);
        Framework framework = newFramework(plan, storage);
        framework.init();
        if (!KeptStorage.holdsExactly(framework.getBundleContext(), install, plan, byLocation.keySet())) {
            framework.stop();
            waitForStop(framework);
            ExtractedBundles.deleteTree(storage);
            Files.createDirectories(storage);
            framework = newFramework(plan, storage);
            framework.init();
            installAll(framework.getBundleContext(), byLocation);
            new KeptStorage.Install(plan.digest(), System.currentTimeMillis()).write(storage);
        }
        return framework;
    }

    private static Framework newFramework(LaunchPlan plan, Path storage) {
        Map<String, String> config = new HashMap<>(plan.properties());
        // Run properties double as system properties (slf4j-simple reads its settings there), unless set already.
        config.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        config.putAll(System.getProperties().entrySet().stream().filter(e -> e.getKey() instanceof String)
                .collect(Collectors.toMap(e -> (String) e.getKey(), e -> String.valueOf(e.getValue()))));
        config.put(DataFolder.STORAGE_PROPERTY, storage.toString());
        config.put("org.osgi.framework.storage.clean", "none");
        // Felix is in this jar: no ServiceLoader scan of its 23 MB for the one factory there is.
        FrameworkFactory factory = new org.apache.felix.framework.FrameworkFactory();
        return factory.newFramework(config);
    }

    private static void installAll(BundleContext context, Map<String, ShippedBundle> byLocation)
            throws BundleException {
        for (Map.Entry<String, ShippedBundle> e : byLocation.entrySet()) {
            Bundle bundle = context.installBundle(e.getKey());
            // The plan pairs files and start levels by position in two lists: a bundle that is not the one the
            // attributes name means that pairing broke, and starting on wrong levels would go unnoticed.
            if (!e.getValue().symbolicName().equals(bundle.getSymbolicName())) {
                throw new BundleException(e.getKey() + " is " + bundle.getSymbolicName() + ", but launcher.properties"
                        + " gives its start level for " + e.getValue().symbolicName());
            }
            bundle.adapt(BundleStartLevel.class).setStartLevel(e.getValue().startLevel());
            if (!isFragment(bundle)) {
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get("Fragment-Host") != null;
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
                return;
            }
            boolean starting = stillStarting(framework);
            framework.stop();
            // A System.exit from a bundle's start (the config bundle's bad setting) holds the thread that raises
            // the start level, which a clean stop needs: waiting for it would only delay the exit.
            if (!starting) {
                waitForStop(framework);
            }
        } catch (BundleException e) {
            System.err.println("bosun: the framework did not stop cleanly: " + e);
        }
    }

    private static boolean stillStarting(Framework framework) {
        String beginning = framework.getBundleContext() == null ? null
                : framework.getBundleContext().getProperty("org.osgi.framework.startlevel.beginning");
        int target = beginning == null ? 1 : Integer.parseInt(beginning.trim());
        return framework.adapt(FrameworkStartLevel.class).getStartLevel() < target;
    }

    private static void waitForStop(Framework framework) {
        try {
            framework.waitForStop(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] readPlan() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream(LaunchPlan.RESOURCE)) {
            if (in == null) {
                throw new IOException("the jar holds no " + LaunchPlan.RESOURCE + ": it was not built by runtime/");
            }
            return in.readAllBytes();
        }
    }

    private static Path ownJar() throws URISyntaxException {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
