package io.bosun.testcloud;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Puts a {@link Response} on the wire, whole or deliberately broken. */
final class ResponseWriter {
    private ResponseWriter() {
    }

    static void write(OutputStream out, Response response, boolean keepAlive) throws IOException {
        out.write(head(response, keepAlive));
        if (!response.bodyless()) {
            out.write(response.body());
        }
        out.flush();
    }

    /**
     * Sends the head with the full Content-Length but only half the body; the caller then closes the socket,
     * so the client sees a connection that died inside an answer. An answer without a body has nothing to cut,
     * so then the head itself is cut in half instead: either way the client can only fail with an IOException.
     */
    static void writeTruncated(OutputStream out, Response response) throws IOException {
        byte[] head = head(response, true);
        if (response.bodyless() || response.body().length == 0) {
            out.write(head, 0, head.length / 2);
        } else {
            out.write(head);
            out.write(response.body(), 0, response.body().length / 2);
        }
        out.flush();
    }

    static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static byte[] head(Response response, boolean keepAlive) {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(HttpStatus.reason(response.status())).append("\r\n");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (!response.bodyless()) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
