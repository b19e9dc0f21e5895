import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The floor of any JVM agent on this machine: the JDK's own HTTP server answering {@code GET /ping} with "OK",
 * nothing else. bench/startup.sh starts it beside Bosun in the same run.
 *
 * <p>Usage: {@code java -cp <dir> PingFloor <port>}
 */
public final class PingFloor {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 16);
        byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/ping", exchange -> {
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }
}
