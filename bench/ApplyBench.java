import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Apply as a user runs it: Bosun as a process, a local target of 20 services sharing one named volume and one
 * network POSTed to its device API, timed until all 20 run; beside it, the same made by hand with the docker CLI:
 * the network and the volume created, then 20 {@code docker run -d} in parallel. Three runs of three, the order
 * alternating; the ratio of the medians per run. Run by bench/apply.sh, which starts the runtime.
 *
 * the CPU Bosun's process took for each apply is printed beside (what it takes from the engine on 2 cores).
 *
 * <p>Usage: {@code java -cp <classes> ApplyBench <port> <image> <docker CLI> <pid> <clock ticks per second>}
 */
public final class ApplyBench {
    private static final int SERVICES = 20;
    private static final String APP = "7991";
    private static final double GOAL = 1.05;
    /** balena's Supervisor, same case, same machine kind (issue 14). */
    private static final String BALENA = "1.52-1.78";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String image = args[1];
        String docker = args[2];
        long pid = Long.parseLong(args[3]);
        double ticks = Double.parseDouble(args[4]);
        System.out.printf(Locale.ROOT, "%-4s %-4s %12s %12s %16s%n", "run", "rep", "bosun ms", "docker ms",
                "bosun CPU ms");
        boolean met = true;
        List<String> ratios = new ArrayList<>();
        try (BenchHttp client = new BenchHttp(port)) {
            for (int run = 1; run <= 3; run++) {
                long[] bosun = new long[3];
                long[] plain = new long[3];
                for (int rep = 0; rep < 3; rep++) {
                    long[] cpu = new long[1];
                    if ((run + rep) % 2 == 0) {
                        bosun[rep] = bosun(client, image, docker, run * 10 + rep, pid, cpu);
                        plain[rep] = plain(image, docker);
                    } else {
                        plain[rep] = plain(image, docker);
                        bosun[rep] = bosun(client, image, docker, run * 10 + rep, pid, cpu);
                    }
                    System.out.printf(Locale.ROOT, "%-4d %-4d %12d %12d %16.0f%n", run, rep + 1, bosun[rep],
                            plain[rep], cpu[0] * 1000 / ticks);
                }
                double ratio = (double) median(bosun) / median(plain);
                ratios.add(String.format(Locale.ROOT, "%.2f", ratio));
                met &= ratio <= GOAL;
            }
        }
        System.out.printf(Locale.ROOT, "%nratio of medians (bosun / docker run) per run: %s%n", String.join(", ", ratios));
        System.out.printf(Locale.ROOT, "goal: <= %.2f in every run: %s; balena: %s%n", GOAL, met ? "met" : "MISSED",
                BALENA);
    }

    /** One apply's time; {@code cpu[0]} gets the clock ticks Bosun's process took for it. */
    private static long bosun(BenchHttp client, String image, String docker, int release, long pid, long[] cpu)
            throws Exception {
        StringBuilder services = new StringBuilder();
        for (int i = 1; i <= SERVICES; i++) {
            services.append(i > 1 ? "," : "").append(String.format(Locale.ROOT, "\"%d\": {\"serviceName\": \"s%d\", "
                    + "\"imageId\": %d, \"image\": \"%s\", \"command\": \"sleep 3600\", \"stop_signal\": \"SIGKILL\", "
                    + "\"environment\": {}, \"labels\": {}, \"volumes\": [\"shared:/data\"], \"networks\": [\"net\"]}",
                    i, i, 100 + i, image));
        }
        String target = "{\"local\": {\"name\": \"bench\", \"config\": {}, \"apps\": {\"" + APP + "\": {\"name\": "
                + "\"apply\", \"commit\": \"apply" + release + "\", \"releaseId\": " + release + ", \"services\": {"
                + services + "}, \"volumes\": {\"shared\": {}}, \"networks\": {\"net\": {}}}}}}";
        long ticksBefore = BenchHttp.cpuTicks(pid);
        long began = System.nanoTime();
        client.post("/v2/local/target-state", target);
        client.awaitRunning(SERVICES, 300);
        long took = (System.nanoTime() - began) / 1_000_000;
        cpu[0] = BenchHttp.cpuTicks(pid) - ticksBefore;
        client.post("/v2/local/target-state", "{\"local\": {\"name\": \"bench\", \"config\": {}, \"apps\": {}}}");
        client.awaitRunning(0, 300);
        run(docker, "volume", "rm", "-f", APP + "_shared");
        return took;
    }

    private static long plain(String image, String docker) throws Exception {
        long began = System.nanoTime();
        all(List.of(command(docker, "network", "create", "bench_net"),
                command(docker, "volume", "create", "bench_shared")));
        List<List<String>> runs = new ArrayList<>();
        for (int i = 1; i <= SERVICES; i++) {
            runs.add(command(docker, "run", "-d", "--name", "bench_s" + i, "--network", "bench_net", "-v",
                    "bench_shared:/data", image, "sleep", "3600"));
        }
        all(runs);
        long took = (System.nanoTime() - began) / 1_000_000;
        List<String> rm = new ArrayList<>(List.of(docker, "rm", "-f"));
        for (int i = 1; i <= SERVICES; i++) {
            rm.add("bench_s" + i);
        }
        run(rm.toArray(String[]::new));
        run(docker, "network", "rm", "bench_net");
        run(docker, "volume", "rm", "-f", "bench_shared");
        return took;
    }

    private static List<String> command(String... words) {
        return Arrays.asList(words);
    }

    /** Starts every command at once and waits for all; any failure stops the bench. */
    private static void all(List<List<String>> commands) throws Exception {
        List<Process> running = new ArrayList<>();
        for (List<String> command : commands) {
            running.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (int i = 0; i < running.size(); i++) {
            if (!running.get(i).waitFor(120, TimeUnit.SECONDS) || running.get(i).exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", commands.get(i)));
            }
        }
    }

    private static void run(String... command) throws Exception {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(new File("/dev/null")).start().waitFor(120, TimeUnit.SECONDS);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
