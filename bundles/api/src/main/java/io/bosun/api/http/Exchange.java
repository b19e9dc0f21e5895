package io.bosun.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request and its answer. The handler reads the request, sets headers, then calls {@link #sendHeaders} once
 * and writes the body; the server sends what the handler left unsent (a 500 when it sent nothing) and decides
 * whether the connection serves another request.
 */
public final class Exchange {
    /** Unread body bytes the server reads and drops to keep a connection; more than this closes it instead. */
    static final int DRAIN_LIMIT = 64 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"), Map.entry(423, "Locked"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    private final RequestHead head;
    private final InputStream connectionIn;
    private final OutputStream out;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private InputStream requestBody;
    private final boolean expectsContinue;
    private boolean continueSent;
    private BadRequest unreadable;
    private int status = -1;
    private OutputStream responseBody;
    private boolean closeAfter;

    Exchange(RequestHead head, InputStream connectionIn, OutputStream out) {
        this.head = head;
        this.connectionIn = connectionIn;
        this.out = out;
        this.closeAfter = !head.http11() || head.lists("connection", "close");
        this.expectsContinue = head.http11() && hasBody() && "100-continue".equalsIgnoreCase(head.header("expect"));
    }

    public String method() {
        return head.method();
    }

    public String rawPath() {
        return head.rawPath();
    }

    /** The raw query string, or null without one. */
    public String rawQuery() {
        return head.rawQuery();
    }

    /** Every request header by lower-case name, values in arrival order. */
    public Map<String, List<String>> requestHeaders() {
        return head.headers();
    }

    public boolean hasBody() {
        return head.chunked() || head.contentLength() > 0;
    }

    /**
     * The request body, decoded. A client that asked to be told before it sends (Expect: 100-continue) is told at
     * the first read, so a request answered without reading its body never makes the client send it.
     */
    public InputStream requestBody() {
        if (requestBody == null) {
            InputStream framed = head.chunked() ? new Bodies.ChunkedInput(connectionIn)
                    : new Bodies.FixedInput(connectionIn, head.contentLength());
            requestBody = new Bodies.BlockInput() {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    sendContinue();
                    try {
                        return framed.read(b, off, len);
                    } catch (BadRequest e) {
                        unreadable = e;
                        throw e;
                    }
                }
            };
        }
        return requestBody;
    }

    /** Sets a response header, replacing one of the same name in any case. */
    public void setHeader(String name, String value) {
        responseHeaders.keySet().removeIf(n -> n.equalsIgnoreCase(name));
        responseHeaders.put(name, value);
    }

    /** The status sent, or -1 before {@link #sendHeaders}. */
    public int status() {
        return status;
    }

    /**
     * Sends the status line and headers. {@code length}: below 0, no body; 0, a body of unknown length (chunked,
     * flushed as the handler flushes); above 0, exactly that many bytes. A HEAD request's body is never sent.
     */
    public void sendHeaders(int status, long length) throws IOException {
        if (this.status != -1) {
            throw new IllegalStateException("the headers were sent already");
        }
        this.status = status;
        if (responseHeaders.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("connection")
                && e.getValue().equalsIgnoreCase("close"))) {
            closeAfter = true;
        }
        boolean head = "HEAD".equals(method());
        boolean bodyless = status < 200 || status == 204 || status == 304;
        StringBuilder text = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n")
                .append("Date: ").append(imfDate(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        responseHeaders.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection")) {
                text.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (length > 0) {
            text.append("Content-Length: ").append(length).append("\r\n");
            responseBody = new Bodies.FixedOutput(out, length, head);
        } else if (length == 0 && !bodyless) {
            if (this.head.http11()) {
                text.append("Transfer-Encoding: chunked\r\n");
                responseBody = head ? new Bodies.FixedOutput(out, 0, true) : new Bodies.ChunkedOutput(out);
            } else {
                closeAfter = true;
                responseBody = new Bodies.UntilClose(out);
            }
        } else {
            if (!bodyless) {
                text.append("Content-Length: 0\r\n");
            }
            responseBody = new Bodies.FixedOutput(out, 0, true);
        }
        if (closeAfter) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (length == 0) {
            out.flush();
        }
    }

    /** The body's stream, once the headers are sent; closing it ends the body, not the connection. */
    public OutputStream responseBody() {
        if (responseBody == null) {
            throw new IllegalStateException("the headers are not sent yet");
        }
        return responseBody;
    }

    /** Completes the answer; whether the connection may carry the next request. */
    boolean finish() throws IOException {
        if (status == -1) {
            if (unreadable != null) {
                refuse(out, unreadable);
                return false;
            }
            closeAfter = true;
            byte[] body = "Internal error".getBytes(StandardCharsets.UTF_8);
            setHeader("Content-Type", "text/plain;charset=utf-8");
            sendHeaders(500, body.length);
            responseBody.write(body);
        }
        responseBody.close();
        out.flush();
        if (responseBody instanceof Bodies.FixedOutput fixed && !fixed.complete()) {
            return false;
        }
        return !closeAfter && unreadable == null && drained();
    }

    /** Whether what is left of the request body was read off the connection (a little is read; much closes it). */
    private boolean drained() throws IOException {
        if (!hasBody()) {
            return true;
        }
        if (expectsContinue && !continueSent) {
            // The client waits to be told to send; it was not, so nothing of the body is on the connection. It may
            // still send it after a timeout of its own: the connection is not trusted with another request.
            return false;
        }
        InputStream body = requestBody();
        byte[] sink = new byte[8192];
        long read = 0;
        try {
            for (int n = body.read(sink); n >= 0; n = body.read(sink)) {
                read += n;
                if (read > DRAIN_LIMIT) {
                    return false;
                }
            }
        } catch (BadRequest e) {
            return false;
        }
        return true;
    }

    private void sendContinue() throws IOException {
        // Never after the final answer (RFC 9110 10.1.1): then the client sends its body or closes on its own.
        if (expectsContinue && !continueSent && status == -1) {
            continueSent = true;
            out.write(CONTINUE);
            out.flush();
        }
    }

    /** RFC 9110's IMF-fixdate, spelled out by hand: a formatter would load locale data at the first request. */
    static String imfDate(ZonedDateTime t) {
        String days = "MonTueWedThuFriSatSun";
        String months = "JanFebMarAprMayJunJulAugSepOctNovDec";
        int day = t.getDayOfWeek().getValue() - 1;
        int month = t.getMonthValue() - 1;
        StringBuilder date = new StringBuilder(29).append(days, day * 3, day * 3 + 3).append(", ");
        twoDigits(date, t.getDayOfMonth()).append(' ').append(months, month * 3, month * 3 + 3).append(' ')
                .append(t.getYear()).append(' ');
        twoDigits(date, t.getHour()).append(':');
        twoDigits(date, t.getMinute()).append(':');
        return twoDigits(date, t.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder to, int value) {
        return to.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** A request that cannot be read: its status and reason, and the connection closes. */
    static void refuse(OutputStream out, BadRequest e) throws IOException {
        byte[] body = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + e.status() + " " + REASONS.getOrDefault(e.status(), "Status") + "\r\n"
                + "Content-Type: text/plain;charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }
}
