package io.bosun.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/** When a kept framework storage may be started as it is, on a real Felix framework. */
class KeptStorageTest {
    @TempDir
    Path dir;
    private Framework framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void aStorageHoldingThePlansBundlesAsInstalledIsKept() throws Exception {
        String location = bundleJar("a", "1.0.0");
        Bundle bundle = framework().getBundleContext().installBundle(location);
        KeptStorage.Install install = new KeptStorage.Install(plan().digest(), bundle.getLastModified());
        install.write(dir.resolve("storage"));
        assertEquals(install, KeptStorage.Install.read(dir.resolve("storage")));
        assertTrue(KeptStorage.holdsExactly(framework.getBundleContext(), install, plan(), Set.of(location)));
    }

    @Test
    void anotherJarsPlanAMissingOrExtraBundleOrAnUpdateSinceMeanAFreshStart() throws Exception {
        String location = bundleJar("a", "1.0.0");
        Bundle bundle = framework().getBundleContext().installBundle(location);
        KeptStorage.Install install = new KeptStorage.Install(plan().digest(), bundle.getLastModified());
        assertFalse(KeptStorage.holdsExactly(framework.getBundleContext(), null, plan(), Set.of(location)));
        assertFalse(KeptStorage.holdsExactly(framework.getBundleContext(),
                new KeptStorage.Install("another", install.installedAt()), plan(), Set.of(location)));
        assertFalse(KeptStorage.holdsExactly(framework.getBundleContext(), install, plan(),
                Set.of(location, "reference:file:/elsewhere.jar")));
        Thread.sleep(5);
        bundle.update(new ByteArrayInputStream(jarBytes("a", "1.0.1")));
        assertFalse(KeptStorage.holdsExactly(framework.getBundleContext(), install, plan(), Set.of(location)),
                "a bundle the updater replaced since the install");
    }

    @Test
    void noMarkerOrAGarbledOneReadsAsNoInstall() throws IOException {
        Path storage = Files.createDirectories(dir.resolve("storage"));
        assertNull(KeptStorage.Install.read(storage));
        Files.writeString(storage.resolve(KeptStorage.MARKER), "half");
        assertNull(KeptStorage.Install.read(storage));
    }

    private Framework framework() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage",
                dir.resolve("storage").toString(), "org.osgi.framework.storage.clean", "none"));
        framework.init();
        return framework;
    }

    private static LaunchPlan plan() {
        return new LaunchPlan(List.of(new ShippedBundle("jar/a.jar", "a", "1.0.0", 1)), Map.of(), "digest-1");
    }

    private String bundleJar(String name, String version) throws IOException {
        Path jar = Files.write(dir.resolve(name + ".jar"), jarBytes(name, version));
        return "reference:" + jar.toUri();
    }

    private static byte[] jarBytes(String name, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", name);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new JarOutputStream(bytes, manifest)) {
            out.flush();
        }
        return bytes.toByteArray();
    }

}
