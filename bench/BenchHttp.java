import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 on one socket, kept alive: what a polling client does, with nothing of its own in the way. Shared by the
 * benchmarks that talk to a running Bosun (compiled together with them by their scripts).
 */
final class BenchHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    record Answer(int status, String body) {
    }

    BenchHttp(int port) throws IOException {
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

    /** Posts a local target of N sleeping services of one app and waits until it is applied with all N running. */
    void applyTarget(String image, int n) throws Exception {
        StringBuilder services = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                services.append(',');
            }
            services.append(String.format(Locale.ROOT, "\"%d\": {\"serviceName\": \"s%d\", \"imageId\": %d, "
                    + "\"image\": \"%s\", \"command\": \"sleep 3600\", \"stop_signal\": \"SIGKILL\", "
                    + "\"environment\": {}, \"labels\": {}}", i, i, 100 + i, image));
        }
        String body = "{\"local\": {\"name\": \"bench\", \"config\": {}, \"apps\": {\"7990\": {\"name\": \"bench\", "
                + "\"commit\": \"bench" + n + "\", \"releaseId\": " + n + ", \"services\": {" + services
                + "}, \"volumes\": {}, \"networks\": {}}}}}";
        post("/v2/local/target-state", body);
        awaitRunning(n, 300);
    }

    void post(String path, String body) throws IOException {
        Answer posted = send("POST", path, body);
        if (posted.status != 200) {
            throw new IllegalStateException(path + " refused the target: " + posted.status + " " + posted.body);
        }
    }

    /** Waits until /v2/state/status says the target is applied and N services run. */
    void awaitRunning(int n, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Answer status = send("GET", "/v2/state/status", null);
            if (status.body.contains("\"appState\":\"applied\"") && count(status.body, "\"status\":\"Running\"") == n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not applied within " + seconds + " s: " + status.body);
            }
            Thread.sleep(20);
        }
    }

    /** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, after the command's parentheses). */
    static long cpuTicks(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
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
