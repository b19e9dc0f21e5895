package io.bosun.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** What the hot-update tests need: which bundles are Bosun's, and a rebuilt copy of one. */
final class HotUpdates {
    static final String SPI = "io.bosun.spi";
    static final String TESTS = "io.bosun.itests";
    /** Bosun's packaging of slf4j with its provider (docs/footprint.md): a library, updated as libraries are. */
    static final String LOGGING = "io.bosun.slf4j";

    private HotUpdates() {
    }

    static List<Bundle> bosunBundles(BundleContext context) {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.bosun.")
                        && !b.getSymbolicName().equals(TESTS) && !b.getSymbolicName().equals(LOGGING))
                .toList();
    }

    /** Every Bosun bundle but the contracts: the ones a device updates one by one. */
    static List<Bundle> implementationBundles(BundleContext context) {
        return bosunBundles(context).stream().filter(b -> !b.getSymbolicName().equals(SPI)).toList();
    }

    /**
     * A rebuilt copy of an installed bundle: the same content with a new version qualifier, so the update is a
     * real new revision that can be told apart from the old one.
     */
    static byte[] rebuild(Bundle bundle, String marker) throws IOException {
        Manifest manifest;
        try (InputStream in = bundle.getEntry("META-INF/MANIFEST.MF").openStream()) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().putValue(Constants.BUNDLE_VERSION, withQualifier(bundle.getVersion(), marker)
                .toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (URL entry : Collections.list(bundle.findEntries("/", "*", true))) {
                String name = entry.getPath().substring(1);
                if (name.endsWith("/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = entry.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Version withQualifier(Version version, String marker) {
        return new Version(version.getMajor(), version.getMinor(), version.getMicro(),
                version.getQualifier().isEmpty() ? marker : version.getQualifier() + "-" + marker);
    }

    /** Whether every component of the bundle is up (active, or satisfied and waiting to be used). */
    static boolean componentsUp(ServiceComponentRuntime scr, Bundle bundle) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                return false;
            }
            var configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                return false;
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    return false;
                }
            }
        }
        return true;
    }
}
