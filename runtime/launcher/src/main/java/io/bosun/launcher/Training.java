package io.bosun.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * A training start: the start script runs the jar once with {@code -XX:ArchiveClassesAtExit} and this mode, so
 * the class-data archive holds what a start and the first requests load. Once every start level is reached it
 * asks the device API a few questions, waits for the late bundles, and stops the framework; the JVM writes the
 * archive as it exits.
 */
final class Training {
    static final String PROPERTY = "bosun.launch.train";
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long SETTLE_MILLIS = 500;
    private static final List<String> PATHS = List.of("/ping", "/v1/healthy", "/v2/state/status", "/v1/device");

    private Training() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Registers for the end of the start; call before {@link Framework#start()}. */
    static CountDownLatch started(Framework framework) {
        CountDownLatch started = new CountDownLatch(1);
        framework.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        });
        return started;
    }

    /** Drives the started framework through a few requests, then stops it; the exit code says whether it got there. */
    static int run(Framework framework, CountDownLatch started) throws InterruptedException {
        if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            System.err.println("bosun: training start: the framework did not finish starting");
            return 1;
        }
        String endpoint = httpEndpoint(framework.getBundleContext());
        Thread.sleep(SETTLE_MILLIS);
        int answered = 0;
        for (int round = 0; round < 3 && endpoint != null; round++) {
            for (String path : PATHS) {
                answered += ask(endpoint, path) ? 1 : 0;
            }
        }
        Thread.sleep(SETTLE_MILLIS);
        if (answered == 0) {
            System.err.println("bosun: training start: the device API did not answer (" + endpoint + ")");
            return 1;
        }
        return 0;
    }

    private static String httpEndpoint(BundleContext context) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            // By name: the launcher is outside the framework and sees no bundle's types.
            ServiceReference<?> ref = context.getServiceReference("io.bosun.spi.api.ApiEndpoint");
            Object uri = ref == null ? null : ref.getProperty("bosun.api.uri");
            if (uri != null) {
                String first = uri.toString();
                return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
            }
            Thread.sleep(50);
        }
        return null;
    }

    private static boolean ask(String endpoint, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(5_000);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
