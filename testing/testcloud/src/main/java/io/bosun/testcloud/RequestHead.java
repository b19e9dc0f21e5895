package io.bosun.testcloud;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The request line and headers of one HTTP/1.1 request, as read off the socket. */
record RequestHead(String method, String target, String version, Map<String, String> headers) {

    /** Bounds a head so a broken client cannot make the server buffer without end. */
    private static final int MAX_LINE = 64 * 1024;

    /**
     * Reads the next request head, or returns null when the client closed the connection between requests
     * (the normal end of a keep-alive connection).
     */
    static RequestHead read(InputStream in) throws IOException {
        String requestLine = readLine(in, true);
        // RFC 9112 lets a server ignore empty lines before a request line (some clients send a stray CRLF).
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in, true);
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("malformed request line: " + requestLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new RequestHead(parts[0], parts[1], parts[2], Collections.unmodifiableMap(headers));
    }

    /** Reads up to LF, dropping a CR before it; null only when EOF comes before any byte and that is allowed. */
    static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** The value of a header (name in any case), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The path without the query string. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The raw query string (still percent-encoded), or "" when there is none. */
    String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    boolean keepAlive() {
        String connection = header("connection");
        boolean close = hasToken(connection, "close");
        if ("HTTP/1.0".equals(version)) {
            return !close && hasToken(connection, "keep-alive");
        }
        return !close;
    }

    boolean expectsContinue() {
        return hasToken(header("expect"), "100-continue");
    }

    boolean chunked() {
        return hasToken(header("transfer-encoding"), "chunked");
    }

    boolean gzipped() {
        return hasToken(header("content-encoding"), "gzip");
    }

    private static boolean hasToken(String headerValue, String token) {
        if (headerValue == null) {
            return false;
        }
        for (String part : headerValue.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
