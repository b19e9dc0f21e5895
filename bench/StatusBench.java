import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * <p>Usage: {@code java bench/StatusBench.java <port> <image> <N>...}
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
            try (Client client = new Client(port)) {
                applyTarget(client, image, n);
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

    /** N services of one app, each a sleeping container of the test image. */
    private static void applyTarget(Client client, String image, int n) throws Exception {
        StringBuilder services = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                services.append(',');
            }
            services.append(String.format(Locale.ROOT, "\"%d\": {\"serviceName\": \"s%d\", \"imageId\": %d, "
                    + "\"image\": \"%s\", \"command\": \"sleep 3600\", \"stop_signal\": \"SIGKILL\", "
                    + "\"environment\": {}, \"labels\": {}}", i, i, 100 + i,
                    image));
        }
        String body = "{\"local\": {\"name\": \"bench\", \"config\": {}, \"apps\": {\"7990\": {\"name\": \"bench\", "
                + "\"commit\": \"bench" + n + "\", \"releaseId\": " + n + ", \"services\": {" + services
                + "}, \"volumes\": {}, \"networks\": {}}}}}";
        Client.Answer posted = client.send("POST", "/v2/local/target-state", body);
        if (posted.status != 200) {
            throw new IllegalStateException("the target was refused: " + posted.status + " " + posted.body);
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            Client.Answer status = client.send("GET", "/v2/state/status", null);
            int running = count(status.body, "\"status\":\"Running\"");
            if (status.body.contains("\"appState\":\"applied\"") && running == n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not applied within 300 s: " + status.body);
            }
            Thread.sleep(200);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private record Stats(double p50, double p90, double p99, double max, double perSecond) {
    }

    private static Stats measure(Client client, String path) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            client.send("GET", path, null);
        }
        long[] nanos = new long[MEASURED];
        long began = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            Client.Answer answer = client.send("GET", path, null);
            nanos[i] = System.nanoTime() - start;
            if (answer.status != 200) {
                throw new IllegalStateException(path + " answered " + answer.status + " " + answer.body);
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

    /** HTTP/1.1 on one socket, kept alive: what a polling client does, with nothing of its own in the way. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        record Answer(int status, String body) {
        }

        Client(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        Answer send(String method, String path, String body) throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length
                            + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            return new Answer(status, chunked ? chunks() : new String(in.readNBytes(Math.max(0, length)),
                    StandardCharsets.UTF_8));
        }

        private String chunks() throws IOException {
            StringBuilder body = new StringBuilder();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                line();
            }
            line();
            return body.toString();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
