import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /v2/state/status} over HTTP, as a dashboard or the balena CLI polls it: one kept-alive connection,
 * requests one after another, against a running Bosun whose local target has N services. For each N it posts the
 * target, waits until it is applied, warms up, then times every request and prints p50/p90/p99/max beside
 * {@code GET /ping} on the same connection (the HTTP floor of this machine, so the ratio is what the route itself
 * costs). Run by bench/status.sh, which starts the runtime.
 *
 * <p>Usage: {@code java -cp <classes of bench/BenchHttp.java and this> StatusBench <port> <image> <N>...}
 */
public final class StatusBench {
    private static final int WARMUP = 3_000;
    private static final int MEASURED = 10_000;
    private static final double GOAL_P50_MS = 0.5;
    private static final double GOAL_P99_MS = 5.0;
    /** balena's Supervisor on this machine kind, p50 with 20 services (issue 11). */
    private static final double BALENA_P50_MS = 4.5;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String image = args[1];
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        System.out.printf(Locale.ROOT, "%-9s %-22s %9s %9s %9s %9s %9s%n", "services", "route", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "req/s");
        boolean met = true;
        for (int n : sizes) {
            try (BenchHttp client = new BenchHttp(port)) {
                client.applyTarget(image, n);
                Stats ping = measure(client, "/ping");
                Stats status = measure(client, "/v2/state/status");
                print(n, "/ping", ping);
                print(n, "/v2/state/status", status);
                System.out.printf(Locale.ROOT, "%-9s %-22s %9.1f×  (status p50 over ping p50)%n", "", "ratio",
                        status.p50 / ping.p50);
                met &= status.p50 <= GOAL_P50_MS && status.p99 <= GOAL_P99_MS;
            }
        }
        System.out.printf(Locale.ROOT, "goal: p50 <= %.1f ms and p99 <= %.1f ms at every size: %s; balena's p50 "
                + "with 20 services: %.1f ms%n", GOAL_P50_MS, GOAL_P99_MS, met ? "met" : "NOT met", BALENA_P50_MS);
    }

    private static void print(int n, String route, Stats s) {
        System.out.printf(Locale.ROOT, "%-9d %-22s %9.3f %9.3f %9.3f %9.3f %9.0f%n", n, route, s.p50, s.p90, s.p99,
                s.max, s.perSecond);
    }

    private record Stats(double p50, double p90, double p99, double max, double perSecond) {
    }

    private static Stats measure(BenchHttp client, String path) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            client.send("GET", path, null);
        }
        long[] nanos = new long[MEASURED];
        long began = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            BenchHttp.Answer answer = client.send("GET", path, null);
            nanos[i] = System.nanoTime() - start;
            if (answer.status() != 200) {
                throw new IllegalStateException(path + " answered " + answer.status() + " " + answer.body());
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Arrays.sort(nanos);
        return new Stats(ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6,
                MEASURED / seconds);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
