import io.bosun.testcloud.Recorded;
import io.bosun.testcloud.TestCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The idle cost of the cloud connector: the same device, one service running, once managed by the test cloud and
 * once unmanaged (the app given through the local API), each measured over the same window after it settled. It
 * prints the runtime's CPU seconds per minute for both and the difference, and the requests and bytes the managed
 * device sends, scaled to a day. Bytes are the request bodies as the cloud decoded them (gunzipped logs) plus the
 * request lines and headers; the 15-minute poll is scaled from its interval, since a short window may hold none.
 *
 * <p>Usage (bench/cloud-idle.sh): {@code java -cp <testcloud+jackson> bench/CloudIdleBench.java <jar> <image> <s>}
 */
public final class CloudIdleBench {
    private static final long FLEET = 7990;
    private static final double GOAL_CPU_S_PER_MIN = 0.01;
    private static final double GOAL_REPORT_BYTES_PER_DAY = 1_000_000;
    private static final double POLLS_PER_DAY = 86_400.0 / 900;
    private static final long TICKS_PER_SECOND = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String image = args[1];
        Duration window = Duration.ofSeconds(Long.parseLong(args[2]));
        String release = """
                {"id":1,"services":{"main":{"id":11,"image_id":101,"image":"%s","environment":{},"labels":{},
                "composition":{"image":"%s","command":"sleep 86400","stop_signal":"SIGKILL"}}}}""".formatted(image,
                image);
        double managedCpu;
        Map<String, long[]> traffic;
        long pollBytes;
        long smallestReport;
        try (TestCloud cloud = TestCloud.start()) {
            cloud.addFleet(FLEET, "benchfleet7990", "benchfleet");
            cloud.release(FLEET, "bench7990", release);
            String key = cloud.provisioningKey(FLEET);
            String uuid = "be7c4c10ad0000000000000000007990";
            String configJson = """
                    {"uuid":"%s","apiEndpoint":"%s","applicationId":%d,"apiKey":"%s","deviceType":"generic-amd64"}
                    """.formatted(uuid, cloud.endpoint(), FLEET, key);
            try (Runtime runtime = Runtime.start(jar, configJson)) {
                await("the device runs its fleet's release", Duration.ofMinutes(3), () -> "done".equals(
                        path(cloud.mergedState(uuid), "apps", "benchfleet7990", "releases", "bench7990",
                                "update_status")));
                runtime.post("/v1/update?apikey=" + Runtime.API_KEY);
                settle(cloud);
                int before = cloud.requests().size();
                managedCpu = runtime.cpuSecondsOver(window);
                List<Recorded> seen = cloud.requests().subList(before, cloud.requests().size());
                traffic = byKind(seen);
                pollBytes = pollBytes(cloud, uuid);
                smallestReport = cloud.requests("PATCH", "/device/v3/state").stream()
                        .mapToLong(CloudIdleBench::bytes).min().orElse(0);
            }
        }
        double unmanagedCpu;
        try (Runtime runtime = Runtime.start(jar, "{\"uuid\":\"be7c4c10ad0000000000000000007991\"}")) {
            runtime.postLocalTarget(image);
            await("the unmanaged device runs the app", Duration.ofMinutes(3), runtime::applied);
            Thread.sleep(15_000);
            unmanagedCpu = runtime.cpuSecondsOver(window);
        }
        print(window, managedCpu, unmanagedCpu, traffic, pollBytes, smallestReport);
    }

    /** Until the reports of the install are over: no request for 15 s (the metrics wait 300 s anyway). */
    private static void settle(TestCloud cloud) throws InterruptedException {
        int seen = -1;
        while (seen != cloud.requests().size()) {
            seen = cloud.requests().size();
            Thread.sleep(15_000);
        }
    }

    private static Map<String, long[]> byKind(List<Recorded> requests) {
        Map<String, long[]> kinds = new TreeMap<>();
        for (Recorded r : requests) {
            long[] k = kinds.computeIfAbsent(kind(r), x -> new long[2]);
            k[0]++;
            k[1] += bytes(r);
        }
        return kinds;
    }

    private static String kind(Recorded r) {
        if (r.path().endsWith("/log-stream")) {
            return "log stream";
        }
        if (r.method().equals("PATCH") && r.path().startsWith("/device/v3/state")) {
            return "state report";
        }
        if (r.path().startsWith("/device/v3/tags")) {
            return "tags";
        }
        if (r.method().equals("GET") && r.path().contains("/state")) {
            return "target poll";
        }
        return r.method() + " " + r.path().replaceAll("\\?.*", "");
    }

    private static long bytes(Recorded r) {
        long head = r.method().length() + r.path().length() + 11;
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            head += h.getKey().length() + h.getValue().length() + 4;
        }
        return head + r.body().length;
    }

    /** One unchanged poll as the device sends it (the one /v1/update asked for: the cloud's own trigger). */
    private static long pollBytes(TestCloud cloud, String uuid) {
        return cloud.requests("GET", "/device/v3/" + uuid + "/state").stream().filter(r -> r.status() == 304)
                .mapToLong(CloudIdleBench::bytes).findFirst().orElse(-1);
    }

    private static void print(Duration window, double managed, double unmanaged, Map<String, long[]> traffic,
            long pollBytes, long smallestReport) {
        double minutes = window.toSeconds() / 60.0;
        double scale = 86_400.0 / window.toSeconds();
        double managedPerMin = managed / minutes;
        double unmanagedPerMin = unmanaged / minutes;
        double above = managedPerMin - unmanagedPerMin;
        System.out.printf(Locale.ROOT, "cloud connector at idle, one service, window %d s%n", window.toSeconds());
        double resolution = 1.0 / TICKS_PER_SECOND / minutes;
        System.out.printf(Locale.ROOT, "  CPU-s/min  managed %.4f   unmanaged %.4f   above local mode %.4f"
                + "   (goal <= %.2f: %s; one clock tick is %.4f here)%n", managedPerMin, unmanagedPerMin, above,
                GOAL_CPU_S_PER_MIN, above <= GOAL_CPU_S_PER_MIN + 1e-9 ? "met" : "NOT met", resolution);
        double reportBytes = 0;
        for (Map.Entry<String, long[]> k : traffic.entrySet()) {
            double perDay = k.getValue()[1] * scale;
            if (k.getKey().equals("state report")) {
                reportBytes = perDay;
            }
            System.out.printf(Locale.ROOT, "  %-14s %8.0f requests/day %12.0f bytes/day%n", k.getKey(),
                    k.getValue()[0] * scale, perDay);
        }
        if (pollBytes > 0) {
            System.out.printf(Locale.ROOT, "  %-14s %8.0f requests/day %12.0f bytes/day (from the 15 min interval,"
                    + " %d bytes a 304 poll)%n", "target poll", POLLS_PER_DAY, POLLS_PER_DAY * pollBytes, pollBytes);
        }
        // Metrics alone are reported at most every 300 s, when one leaves its bucket: the most a day can hold.
        double worst = Math.max(reportBytes, 288.0 * smallestReport);
        System.out.printf(Locale.ROOT, "  state reports %.0f bytes/day measured, at most %.0f (288 metrics-only"
                + " reports of %d bytes) (goal <= %.0f: %s)%n", reportBytes, worst, smallestReport,
                GOAL_REPORT_BYTES_PER_DAY, worst <= GOAL_REPORT_BYTES_PER_DAY ? "met" : "NOT met");
    }

    private static Object path(Object node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(bound);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            Thread.sleep(500);
        }
    }

    /** Bosun as it ships (bosun-start beside the jar), with a data folder of its own and a known API key. */
    private static final class Runtime implements AutoCloseable {
        private static final String API_KEY = "benchkey7990";
        private final Process process;
        private final Path data;
        private final int port;

        private Runtime(Process process, Path data, int port) {
            this.process = process;
            this.data = data;
            this.port = port;
        }

        static Runtime start(Path jar, String configJson) throws Exception {
            Path data = Files.createTempDirectory("bosun-cloud-bench");
            Files.writeString(data.resolve("config.json"), configJson);
            int port;
            try (var socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            // As it ships: bosun-start (which execs java, so the process is the JVM); the script's BOSUN_CDS_DIR,
            // inherited, is one archive folder for both runtimes, so that only the first start trains the archive.
            ProcessBuilder builder = new ProcessBuilder(jar.resolveSibling("bosun-start").toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve("supervisor.log").toFile());
            builder.environment().put("BOSUN_DATA_DIR", data.toString());
            builder.environment().put("BOSUN_LOCKS_DIR", data.resolve("locks").toString());
            builder.environment().put("BOSUN_API_PORT", Integer.toString(port));
            builder.environment().put("BOSUN_API_KEY", API_KEY);
            Runtime runtime = new Runtime(builder.start(), data, port);
            await("the runtime answers /ping", Duration.ofSeconds(60), runtime::pings);
            return runtime;
        }

        boolean pings() {
            return get("/ping").map(b -> b.equals("OK")).orElse(false);
        }

        boolean applied() {
            return get("/v2/state/status?apikey=" + API_KEY).map(b -> b.contains("\"appState\":\"applied\""))
                    .orElse(false);
        }

        void postLocalTarget(String image) throws Exception {
            String body = """
                    {"local":{"name":"bench","config":{},"apps":{"7991":{"name":"benchapp","commit":"bench7991",
                    "releaseId":1,"services":{"11":{"serviceName":"main","serviceId":11,"imageId":101,"image":"%s",
                    "environment":{},"labels":{},"running":true,"command":"sleep 86400","stop_signal":"SIGKILL"}},
                    "volumes":{},"networks":{}}}}}""".formatted(image);
            HttpRequest post = HttpRequest.newBuilder(uri("/v2/local/target-state"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> answer = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
            // A 503 while the store and reconciler still start (the API answers first): retried, as clients do.
            for (int i = 0; i < 60 && answer.statusCode() == 503; i++) {
                Thread.sleep(500);
                answer = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the local target was refused: " + answer.body());
            }
        }

        void post(String path) throws Exception {
            HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
        }

        /** The process's CPU time over the window, from /proc (user and system, all threads). */
        double cpuSecondsOver(Duration window) throws Exception {
            long before = ticks();
            Thread.sleep(window.toMillis());
            return (ticks() - before) / (double) TICKS_PER_SECOND;
        }

        private long ticks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        private java.util.Optional<String> get(String path) {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(
                        Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return java.util.Optional.of(answer.body());
            } catch (IOException e) {
                return java.util.Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.Optional.empty();
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
