package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** The rules that keep every implementation bundle replaceable on a running device. */
@ExtendWith(BundleContextExtension.class)
class BundleRulesTest {
    @InjectBundleContext
    BundleContext context;

    @Test
    void everyBosunBundleIsActive() {
        List<Bundle> bosun = HotUpdates.bosunBundles(context);
        assertTrue(bosun.size() >= 4, "spi, codec, config, api at least: " + bosun);
        for (Bundle bundle : bosun) {
            assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is active");
        }
    }

    @Test
    void implementationBundlesExportNothing() {
        for (Bundle bundle : HotUpdates.implementationBundles(context)) {
            assertNull(bundle.getHeaders().get("Export-Package"),
                    bundle.getSymbolicName() + " must export nothing, so that updating it needs no refresh");
        }
    }

    @Test
    void theSpiExportsOnlyVersionedContractPackages() {
        Bundle spi = HotUpdates.bosunBundles(context).stream()
                .filter(b -> b.getSymbolicName().equals("io.bosun.spi")).findFirst().orElseThrow();
        List<BundleCapability> exports = spi.adapt(BundleRevision.class)
                .getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE);
        assertFalse(exports.isEmpty());
        for (BundleCapability export : exports) {
            String name = (String) export.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            Object version = export.getAttributes().get("version");
            assertTrue(name.startsWith("io.bosun.spi."), name);
            assertTrue(version != null && !version.toString().equals("0.0.0"), name + " has a version: " + version);
        }
    }

    @Test
    void theSpiImportsNoThirdPartyPackage() {
        Bundle spi = HotUpdates.bosunBundles(context).stream()
                .filter(b -> b.getSymbolicName().equals("io.bosun.spi")).findFirst().orElseThrow();
        String imports = spi.getHeaders().get("Import-Package");
        assertTrue(imports == null || imports.isBlank(), "spi imports: " + imports);
    }
}
