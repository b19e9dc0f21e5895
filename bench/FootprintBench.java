import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Memory and idle CPU of a running Bosun as a device sees them: RSS idle with no app, with 20 services running, after
 * 10,000 and up to 100,000 device-API requests, and the CPU it takes in the minute after the apply and in the idle
 * minute after that, with the 20 services running.
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

            // The first minute still has the apply's aftermath (its step threads end after 60 s idle); the goal is
            // the device idling, which the second minute is.
            cpuMinute(pid, ticks, "CPU, the minute after the apply");
            cpu = cpuMinute(pid, ticks, "idle CPU with 20 services, next minute");
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
                            + "(%.1f); flat within %.0f %% %s; idle CPU <= %.2f CPU-s/min %s (%.4f); balena: 177 MB "
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

    /** CPU-s per minute the process takes in the next 60 s, printed under the label. */
    private static double cpuMinute(long pid, double ticks, String label) throws Exception {
        long cpuBefore = BenchHttp.cpuTicks(pid);
        Map<String, ThreadTime> threadsBefore = threadTimes(pid);
        long began = System.nanoTime();
        Thread.sleep(60_000);
        double minutes = (System.nanoTime() - began) / 60e9;
        Map<String, ThreadTime> threadsAfter = threadTimes(pid);
        double byTicks = (BenchHttp.cpuTicks(pid) - cpuBefore) / ticks / minutes;
        System.out.printf(Locale.ROOT, "%-44s %10.3f CPU-s/min (clock ticks, resolution %.3f)%n", label, byTicks,
                1 / ticks / minutes);
        return threadCpu(label, threadsBefore, threadsAfter, minutes, byTicks);
    }

    /** One thread's name and its time on a CPU so far (ns, from the scheduler: no clock-tick rounding). */
    private record ThreadTime(String name, long runNanos) {
    }

    private static Map<String, ThreadTime> threadTimes(long pid) throws IOException {
        Map<String, ThreadTime> times = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long run = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    times.put(task.getFileName().toString(), new ThreadTime(name, run));
                } catch (IOException | RuntimeException gone) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return times;
    }

    /**
     * The idle CPU to the nanosecond, summed over the threads alive at the end (a thread started in the window counts
     * whole), with the busiest named. A thread that ended in the window took time this cannot see; then the figure
     * from clock ticks is the one used when it is higher.
     */
    private static double threadCpu(String label, Map<String, ThreadTime> before, Map<String, ThreadTime> after,
            double minutes, double byTicks) {
        Map<String, Long> byName = new HashMap<>();
        long total = 0;
        for (var entry : after.entrySet()) {
            ThreadTime earlier = before.get(entry.getKey());
            long spent = entry.getValue().runNanos() - (earlier == null ? 0 : earlier.runNanos());
            total += spent;
            byName.merge(entry.getValue().name(), spent, Long::sum);
        }
        List<String> endedNames = before.entrySet().stream().filter(e -> !after.containsKey(e.getKey()))
                .map(e -> e.getValue().name()).sorted().toList();
        long ended = endedNames.size();
        double precise = total / 1e9 / minutes;
        System.out.printf(Locale.ROOT, "%-44s %10.4f CPU-s/min (threads' run time; %d of %d threads ended in the "
                + "window)%n", label, precise, ended, before.size());
        if (ended > 0) {
            System.out.printf(Locale.ROOT, "  ended in the window: %s%n", endedNames);
        }
        System.out.printf(Locale.ROOT, "  busiest threads (ms in the window): %s%n", byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e6)).toList());
        return ended == 0 ? precise : Math.max(precise, byTicks);
    }
}
