import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Memory and idle CPU of a running Bosun as a device sees them: RSS idle with no app, with 20 services running, after
 * 10,000 and up to 100,000 device-API requests, and the CPU it takes over a minute of idling with the 20 services.
 * Run by bench/footprint.sh, which starts the runtime with the shipped launch.
 *
 * <p>Usage: {@code java -cp <classes> FootprintBench <port> <pid> <image> <clock ticks per second>}
 */
public final class FootprintBench {
    private static final double GOAL_IDLE_MB = 80;
    private static final double GOAL_AFTER_10K_MB = 96;
    private static final double GOAL_FLAT = 0.05;
    private static final double GOAL_CPU_S_PER_MIN = 0.01;
    private static final List<String> ROUTES = List.of("/v2/state/status", "/v1/device", "/ping", "/v1/healthy",
            "/v2/version");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        String image = args[2];
        double ticks = Double.parseDouble(args[3]);
        double idle;
        double cpu;
        try (BenchHttp client = new BenchHttp(port)) {
            Thread.sleep(10_000);
            idle = rssMb(pid);
            row("idle, no app, 10 s after /ping", idle);
            client.applyTarget(image, 20);
            Thread.sleep(10_000);
            double withApps = rssMb(pid);
            row("20 services running, 10 s after applied", withApps);

            long cpuBefore = cpuTicks(pid);
            long began = System.nanoTime();
            Thread.sleep(60_000);
            double minutes = (System.nanoTime() - began) / 60e9;
            cpu = (cpuTicks(pid) - cpuBefore) / ticks / minutes;
            System.out.printf(Locale.ROOT, "%-44s %10.3f CPU-s/min (resolution %.3f)%n",
                    "idle CPU with 20 services, 60 s window", cpu, 1 / ticks / minutes);

        }
        // The minute of idling outlasts the server's idle timeout: the requests go on a new connection.
        try (BenchHttp client = new BenchHttp(port)) {
            double after10k = 0;
            int done = 0;
            for (int target : new int[] {10_000, 25_000, 50_000, 100_000}) {
                for (; done < target; done++) {
                    String path = ROUTES.get(done % ROUTES.size());
                    BenchHttp.Answer answer = client.send("GET", path, null);
                    if (answer.status() != 200) {
                        throw new IllegalStateException(path + " answered " + answer.status() + " " + answer.body());
                    }
                }
                Thread.sleep(5_000);
                double rss = rssMb(pid);
                row(String.format(Locale.ROOT, "after %,d requests (5 s later)", target), rss);
                if (target == 10_000) {
                    after10k = rss;
                }
                if (target == 100_000) {
                    double drift = rss / after10k - 1;
                    System.out.printf(Locale.ROOT, "%nRSS from 10,000 to 100,000 requests: %+.1f %%%n", drift * 100);
                    System.out.printf(Locale.ROOT, "goal: idle <= %.0f MB %s (%.1f); after 10,000 <= %.0f MB %s "
                            + "(%.1f); flat within %.0f %% %s; idle CPU <= %.2f CPU-s/min %s (%.3f); balena: 177 MB "
                            + "after 3,000 requests, 0.02 CPU-s/min%n", GOAL_IDLE_MB, verdict(idle <= GOAL_IDLE_MB),
                            idle, GOAL_AFTER_10K_MB, verdict(after10k <= GOAL_AFTER_10K_MB), after10k,
                            GOAL_FLAT * 100, verdict(Math.abs(drift) <= GOAL_FLAT), GOAL_CPU_S_PER_MIN,
                            verdict(cpu <= GOAL_CPU_S_PER_MIN), cpu);
                }
            }
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static void row(String what, double mb) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f MB RSS%n", what, mb);
    }

    private static double rssMb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** utime + stime of the process, from /proc/<pid>/stat (fields 14 and 15, after the command's parentheses). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
