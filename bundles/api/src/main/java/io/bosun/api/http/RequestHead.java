package io.bosun.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's line and headers (RFC 9112), read strictly: what a lenient parser would guess at (folded lines,
 * spaces before a colon, two lengths, a length beside chunked) is a 400, so that no proxy in front can read one
 * request where this server reads another.
 *
 * @param headers by lower-case name, in arrival order, every value kept
 */
record RequestHead(String method, String rawPath, String rawQuery, boolean http11, Map<String, List<String>> headers) {
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_HEADERS = 200;

    RequestHead {
        headers = Collections.unmodifiableMap(headers);
    }

    /** The first value of a header, if sent. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    /** Whether a header's comma-separated list holds a token (case-insensitive). */
    boolean lists(String name, String token) {
        List<String> values = headers.get(name);
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean chunked() {
        return headers.containsKey("transfer-encoding");
    }

    /** The announced length; 0 when the request has no body. Checked when the head was read. */
    long contentLength() {
        String value = header("content-length");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The next request on the connection, or null when the client closed it between requests. */
    static RequestHead read(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD};
        String requestLine = line(in, budget, true);
        // RFC 9112 2.2: empty lines before a request line are ignored.
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = line(in, budget, true);
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new BadRequest(400, "The request line is not 'METHOD target HTTP/1.1'");
        }
        boolean http11;
        if (parts[2].equals("HTTP/1.1")) {
            http11 = true;
        } else if (parts[2].equals("HTTP/1.0")) {
            http11 = false;
        } else if (parts[2].startsWith("HTTP/")) {
            throw new BadRequest(505, "Only HTTP/1.1 and HTTP/1.0 are served");
        } else {
            throw new BadRequest(400, "The request line is not 'METHOD target HTTP/1.1'");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        for (String line = line(in, budget, false); !line.isEmpty(); line = line(in, budget, false)) {
            if (++count > MAX_HEADERS) {
                throw new BadRequest(431, "More than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new BadRequest(400, "A header line is not 'Name: value'");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        RequestHead head = target(parts[0], parts[1], http11, headers);
        head.checkFraming();
        return head;
    }

    private static RequestHead target(String method, String target, boolean http11,
            Map<String, List<String>> headers) throws BadRequest {
        String path = target;
        if (target.startsWith("http://") || target.startsWith("https://")) {
            // The absolute form (RFC 9112 3.2.2): only its path and query matter here.
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            path = slash < 0 ? "/" : target.substring(slash);
        } else if (!target.startsWith("/") && !(method.equals("OPTIONS") && target.equals("*"))) {
            throw new BadRequest(400, "The request target is not a path");
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        int question = path.indexOf('?');
        String rawPath = question < 0 ? path : path.substring(0, question);
        String rawQuery = question < 0 ? null : path.substring(question + 1);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new BadRequest(400, "The request target holds a character that is not allowed");
            }
        }
        return new RequestHead(method, rawPath, rawQuery, http11, headers);
    }

    /** One way to tell where the body ends, or a 400 (RFC 9112 6.3). */
    private void checkFraming() throws BadRequest {
        List<String> lengths = headers.get("content-length");
        List<String> codings = headers.get("transfer-encoding");
        if (codings != null) {
            if (lengths != null) {
                throw new BadRequest(400, "Content-Length and Transfer-Encoding together");
            }
            if (!http11 || codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
                throw new BadRequest(501, "Only the chunked transfer coding is served");
            }
            return;
        }
        if (lengths == null) {
            return;
        }
        String first = lengths.get(0);
        for (String value : lengths) {
            if (!value.equals(first)) {
                throw new BadRequest(400, "Two different Content-Length values");
            }
        }
        if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequest(400, "Content-Length is not a number");
        }
    }

    /**
     * A line ended by CRLF (a bare LF is taken too, as RFC 9112 allows); null at the end of the stream before the
     * first byte of a request line.
     */
    static String line(InputStream in, int[] budget, boolean startOfRequest) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (startOfRequest && line.isEmpty()) {
                    return null;
                }
                throw new BadRequest(400, "The request ended inside its head");
            }
            if (--budget[0] < 0) {
                throw new BadRequest(431, "The request's head is larger than " + MAX_HEAD / 1024 + " KB");
            }
            if (line.length() >= MAX_LINE) {
                throw new BadRequest(431, "A line of the request's head is longer than " + MAX_LINE / 1024 + " KB");
            }
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new BadRequest(400, "A CR in the request's head is not followed by LF");
                }
                return line.toString();
            }
            if (c == 0) {
                throw new BadRequest(400, "The request's head holds a NUL");
            }
            line.append((char) c);
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
