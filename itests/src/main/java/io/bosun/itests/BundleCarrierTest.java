package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Bundles delivered the way apps are: a carrier service ({@code io.bosun.bundles=1}) of a local target installs
 * the jars of its image and never runs, a second release updates them, a release whose carrier holds a build that
 * turns unhealthy is rolled back with its state shown, and a release without a carrier goes back to the shipped
 * set; the app's container is never restarted.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class BundleCarrierTest {
    static final long APP = 7971;
    static final String CARRIER = "bosun-test-carrier-vendor";
    static final Duration DECIDED = BundleUpdatesTest.GATE.plusSeconds(30);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    @AfterAll
    static void removeTheApp() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(BundleCarrierTest.class).getBundleContext();
        TargetIntake intake = context.getService(context.getServiceReference(TargetIntake.class));
        Reconciler reconciler = context.getService(context.getServiceReference(Reconciler.class));
        SupervisorConfig config = context.getService(context.getServiceReference(SupervisorConfig.class));
        Targets.offer(intake, Targets.empty(config.device().uuid()));
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, Long.toString(APP));
        for (int i = 1; i <= 3; i++) {
            Docker.tryRun("rmi", "-f", CARRIER + ":" + i);
        }
    }

    @Test
    void aCarrierInstallsItsBundlesASecondReleaseUpdatesThemAndNoCarrierGoesBackToTheShippedSet()
            throws Exception {
        DeviceApiHttp api = DeviceApiHttp.of(context);
        Docker.clean(APP, Long.toString(APP));
        byte[] good = BundleUpdatesTest.vendorJar("good");
        Docker.importFiles(CARRIER + ":1", Map.of("bundles/vendor.jar", good, "bundles/bundles.json",
                ("{\"bundles\":[{\"file\":\"vendor.jar\",\"sha256\":\"" + sha256(good) + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8)));

        apply(release("c1", 1, CARRIER + ":1"));
        awaitVersion(api, "1.0.0");
        String container = "main_" + 797101 + "_1_c1";
        String started = Docker.inspect(container, "{{.Id}} {{.State.StartedAt}}");
        assertEquals(List.of(container), Docker.containers(APP), "the carrier never gets a container");
        Awaiting.until("the carrier's image shows its bundles installed", DECIDED,
                () -> carrierStatus(api, CARRIER + ":1").equals("Bundles installed"));
        assertEquals("carrier:" + CARRIER + ":1", BundleUpdatesTest.bundle(api, BundleUpdatesTest.VENDOR)
                .path("origin").asText());

        Bundle vendor = vendorBundle();
        byte[] second = HotUpdates.rebuild(vendor, "release2");
        // Read before the release: the bundle object reports the version of whatever revision runs now.
        String secondVersion = HotUpdates.withQualifier(vendor.getVersion(), "release2").toString();
        Docker.importFiles(CARRIER + ":2", Map.of("bundles/vendor.jar", second));
        apply(release("c2", 2, CARRIER + ":2"));
        awaitVersion(api, secondVersion);
        Awaiting.until("the second carrier's bundles are installed", DECIDED,
                () -> carrierStatus(api, CARRIER + ":2").equals("Bundles installed"));
        assertEquals("carrier:" + CARRIER + ":2", BundleUpdatesTest.bundle(api, BundleUpdatesTest.VENDOR)
                .path("origin").asText());

        Docker.importFiles(CARRIER + ":3", Map.of("bundles/vendor.jar", BundleUpdatesTest.vendorJar("unhealthy")));
        apply(release("c3", 3, CARRIER + ":3"));
        Awaiting.until("the unhealthy build is rolled back and the carrier says so", DECIDED,
                () -> carrierStatus(api, CARRIER + ":3").equals("Bundles rolled back"));
        assertEquals(secondVersion, BundleUpdatesTest.vendorVersion(api), "the release 2 build serves again");
        assertTrue(BundleUpdatesTest.awaitSettled(api).path("reason").asText().contains("turned unhealthy"));

        apply(release("c4", 4, null));
        Awaiting.until("no carrier: the vendor bundle is gone", DECIDED,
                () -> vendorVersionQuietly(api) == null);
        assertEquals(404, api.get("/v2/vendor/example").status(), "its route went with it");
        assertEquals(started.split(" ")[1], Docker.inspect("main_" + 797101 + "_4_c4", "{{.State.StartedAt}}"),
                "the app's container was renamed for each release, never restarted");
    }

    private void apply(TargetState target) throws Exception {
        BundleContext ctx = context;
        TargetIntake intake = ctx.getService(ctx.getServiceReference(TargetIntake.class));
        Reconciler reconciler = ctx.getService(ctx.getServiceReference(Reconciler.class));
        Targets.offer(intake, target);
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    private TargetState release(String commit, long releaseId, String carrierImage) {
        TargetService main = Targets.service("main", 797111, 797101, Docker.image("box:1"));
        List<TargetService> services = carrierImage == null ? List.of(main)
                : List.of(main, Targets.service("components", 797112, 797102, carrierImage,
                        Map.of("io.bosun.bundles", "1"), Map.of()));
        return Targets.app(config.device().uuid(), APP, Long.toString(APP), commit, releaseId, services);
    }

    private void awaitVersion(DeviceApiHttp api, String version) {
        Awaiting.until("the vendor route serves " + version, DECIDED, () -> {
            DeviceApiHttp.Answer answer = api.get("/v2/vendor/example");
            return answer.status() == 200 && answer.body().contains("\"version\":\"" + version + "\"");
        });
    }

    private Bundle vendorBundle() {
        for (Bundle b : context.getBundles()) {
            if (BundleUpdatesTest.VENDOR.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no vendor bundle installed");
    }

    private static String vendorVersionQuietly(DeviceApiHttp api) {
        try {
            return BundleUpdatesTest.vendorVersion(api);
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String carrierStatus(DeviceApiHttp api, String image) {
        try {
            for (JsonNode i : BundleUpdatesTest.JSON.readTree(api.get("/v2/state/status").body()).path("images")) {
                if (i.path("name").asText().equals(image)) {
                    return i.path("status").asText();
                }
            }
            return "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
