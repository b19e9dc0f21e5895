import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a component update delivered the way apps are goes live: for each implementation bundle, a carrier image
 * holding a rebuilt jar of it is put on the engine, then a local target whose release has that carrier is posted;
 * the time is from the post (the image present, nothing to download) until {@code GET /v2/bundles} lists the new
 * build active, and until the health gate commits it. Two request loops run throughout, on {@code /ping} and on
 * {@code /v2/state/status}: the failed requests during each update are counted (a 503 of a route while its own
 * provider is replaced counts as failed too). Goal: 200 ms and 0 failed requests per implementation bundle.
 *
 * <p>Usage (bench/bundle-update.sh): {@code java bench/BundleUpdateBench.java <bosun.jar> <repo> <box image>}
 */
public final class BundleUpdateBench {
    private static final List<String> BUNDLES = List.of("api", "cloud", "codec", "config", "engine", "host", "locks",
            "logs", "reconciler", "store");
    private static final double GOAL_MS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static int port;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path repo = Path.of(args[1]);
        String box = args[2];
        Path dir = Files.createTempDirectory("bosun-bench-bundles");
        port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisor.log").toFile());
        builder.environment().put("BOSUN_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("BOSUN_LOCKS_DIR", dir.resolve("locks").toString());
        builder.environment().put("BOSUN_API_PORT", Integer.toString(port));
        Process process = builder.start();
        List<String> images = new ArrayList<>();
        try {
            await("the runtime answers", Duration.ofSeconds(60), () -> status("/ping") == 200);
            post(target(box, "bench0", null));
            await("the app runs", Duration.ofSeconds(90), () -> get("/v2/state/status").contains("\"status\":\"Running\""));
            System.out.printf("%-12s %10s %12s %10s %10s%n", "bundle", "live ms", "committed ms", "failed /ping",
                    "failed status");
            int n = 0;
            double worst = 0;
            int failedElsewhere = 0;
            for (String name : BUNDLES) {
                n++;
                String version = "0.1.0.bench" + n;
                Path built = repo.resolve("bundles/" + name + "/target/io.bosun." + name + "-0.1.0-SNAPSHOT.jar");
                String image = "bosun-bench-carrier-" + name + ":" + n;
                carrierImage(image, withVersion(Files.readAllBytes(built), version), dir);
                images.add(image);
                Loop ping = new Loop("/ping");
                Loop state = new Loop("/v2/state/status");
                long t0 = System.nanoTime();
                post(target(box, "bench" + n, image));
                await(name + " " + version + " active", Duration.ofSeconds(30),
                        () -> bundleLine("io.bosun." + name).contains("\"version\":\"" + version + "\"")
                                && bundleLine("io.bosun." + name).contains("\"state\":\"active\""));
                double live = (System.nanoTime() - t0) / 1e6;
                ping.stop();
                state.stop();
                await(name + " committed", Duration.ofSeconds(60),
                        () -> get("/v2/bundles").contains("\"state\":\"committed\"")
                                && get("/v2/state/status").contains("Bundles installed"));
                double committed = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "%-12s %10.0f %12.0f %10d %10d%n", name, live, committed,
                        ping.failed.get(), state.failed.get());
                worst = Math.max(worst, live);
                failedElsewhere += name.equals("api") ? 0 : ping.failed.get() + state.failed.get();
            }
            System.out.printf(Locale.ROOT, "worst %.0f ms to live (goal %.0f ms: %s), %d failed requests on routes of"
                    + " other bundles (goal 0)%n", worst, GOAL_MS, worst <= GOAL_MS ? "met" : "not met",
                    failedElsewhere);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            for (String image : images) {
                docker("rmi", "-f", image);
            }
        }
    }

    /** A request loop on one path, counting answers other than 200. */
    private static final class Loop {
        final AtomicInteger failed = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Loop(String path) {
            thread = new Thread(() -> {
                while (running.get()) {
                    if (status(path) != 200) {
                        failed.incrementAndGet();
                    }
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static String target(String box, String commit, String carrier) {
        String carrierService = carrier == null ? "" : """
                ,"12":{"serviceName":"components","serviceId":12,"imageId":102,"image":"%s","environment":{},
                "labels":{"io.bosun.bundles":"1"}}""".formatted(carrier);
        return """
                {"local":{"name":"bench","config":{},"apps":{"7981":{"name":"benchbundles","commit":"%s",
                "releaseId":1,"services":{"11":{"serviceName":"main","serviceId":11,"imageId":101,"image":"%s",
                "environment":{},"labels":{},"running":true,"command":"sleep 86400","stop_signal":"SIGKILL"}%s},
                "volumes":{},"networks":{}}}}}""".formatted(commit, box, carrierService);
    }

    private static String bundleLine(String symbolicName) {
        Matcher m = Pattern.compile("\\{\"symbolicName\":\"" + Pattern.quote(symbolicName) + "\"[^}]*}")
                .matcher(get("/v2/bundles"));
        return m.find() ? m.group() : "";
    }

    private static void carrierImage(String image, byte[] jar, Path dir) throws Exception {
        Path root = Files.createTempDirectory(dir, "carrier");
        Files.createDirectories(root.resolve("bundles"));
        Files.write(root.resolve("bundles/bundle.jar"), jar);
        Path tar = dir.resolve("carrier.tar");
        run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "bundles"));
        docker("import", tar.toString(), image);
    }

    private static void docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    static byte[] withVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void post(String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri("/v2/local/target-state"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the local target was refused: " + answer.body());
        }
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void await(String what, Duration bound, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + bound.toSeconds() + " s");
            }
            Thread.sleep(2);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
