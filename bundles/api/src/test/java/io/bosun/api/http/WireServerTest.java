package io.bosun.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server as a client on a real socket sees it: framing, keep-alive, refusals. */
class WireServerTest {
    private final List<WireServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        servers.forEach(WireServer::close);
    }

    /** Answers "<method> <path> [<query>] <body>" as text. */
    private static void echo(Exchange exchange) throws IOException {
        String body = new String(exchange.requestBody().readAllBytes(), StandardCharsets.UTF_8);
        byte[] answer = (exchange.method() + " " + exchange.rawPath() + " " + exchange.rawQuery() + " " + body)
                .getBytes(StandardCharsets.UTF_8);
        exchange.setHeader("Content-Type", "text/plain");
        exchange.sendHeaders(200, answer.length);
        exchange.responseBody().write(answer);
    }

    private int start(WireServer.Handler handler, int maxConnections) throws IOException {
        WireServer server = WireServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler,
                "test-http-", maxConnections);
        servers.add(server);
        return server.port();
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One answer: its head (status line and headers) and its body, read by its framing. */
    record Answer(String head, String body) {
        int status() {
            return Integer.parseInt(head.split(" ")[1]);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static Answer read(Socket socket, boolean headRequest) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            head.append(l).append("\r\n");
        }
        Answer headOnly = new Answer(head.toString(), "");
        if (headRequest || headOnly.status() == 204 || headOnly.status() == 100) {
            return headOnly;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equals(headOnly.header("Transfer-Encoding"))) {
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else if (headOnly.header("Content-Length") != null) {
            body.write(in.readNBytes(Integer.parseInt(headOnly.header("Content-Length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(head.toString(), body.toString(StandardCharsets.UTF_8));
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        return socket.getInputStream().read() < 0;
    }

    @Test
    void twoRequestsOnOneConnectionAreBothAnsweredWithLengthAndDate() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "GET /ping?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
        Answer first = read(socket, false);
        send(socket, "POST /v1/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
        Answer second = read(socket, false);

        assertEquals(200, first.status());
        assertEquals("GET /ping x=1 ", first.body());
        assertEquals("text/plain", first.header("Content-Type"), "the name as the handler spelled it");
        assertTrue(first.header("Date").endsWith(" GMT"), first.head());
        assertEquals("POST /v1/x null hello", second.body());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");

        assertEquals("GET /a null ", read(socket, false).body());
        assertEquals("GET /b null ", read(socket, false).body());
    }

    @Test
    void aChunkedBodyIsDecodedWithExtensionsAndTrailersDropped() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "POST /t HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=value\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n"
                + "GET /next HTTP/1.1\r\n\r\n");

        assertEquals("POST /t null wikipedia", read(socket, false).body());
        assertEquals("GET /next null ", read(socket, false).body(), "the connection goes on after the trailers");
    }

    @Test
    void aClientExpectingContinueIsToldOnlyWhenTheBodyIsRead() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "POST /c HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        Answer interim = read(socket, false);
        send(socket, "ok");

        assertEquals(100, interim.status());
        assertEquals("POST /c null ok", read(socket, false).body());
    }

    @Test
    void aRequestAnsweredWithoutReadingItsAwaitedBodyGetsNoContinueAndTheConnectionCloses() throws IOException {
        Socket socket = connect(start(exchange -> {
            exchange.sendHeaders(401, -1);
        }, 8));

        send(socket, "POST /c HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        Answer answer = read(socket, false);

        assertEquals(401, answer.status(), "the final answer, no 100 before it");
        assertEquals("0", answer.header("Content-Length"));
        assertTrue(closedByServer(socket), "the body may still come: the connection is not reused");
    }

    @Test
    void aSmallUnreadBodyIsDrainedAndTheConnectionKept() throws IOException {
        Socket socket = connect(start(exchange -> exchange.sendHeaders(204, -1), 8));

        send(socket, "POST /d HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /e HTTP/1.1\r\n\r\n");

        Answer first = read(socket, false);
        assertEquals(204, first.status());
        assertEquals(null, first.header("Content-Length"), "a 204 has no length");
        assertEquals(204, read(socket, false).status(), "the next request was read after the drained body");
    }

    @Test
    void ambiguousFramingIsRefusedWith400AndTheConnectionCloses() throws IOException {
        int port = start(WireServerTest::echo, 8);
        String[] smuggling = {
            "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n folded: value\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET /a b HTTP/1.1\r\n\r\n",
        };
        for (String request : smuggling) {
            Socket socket = connect(port);
            send(socket, request);
            Answer answer = read(socket, false);
            assertEquals(400, answer.status(), request);
            assertEquals("close", answer.header("Connection"), request);
            assertTrue(closedByServer(socket), request);
        }
    }

    @Test
    void otherCodingsVersionsAndHugeHeadsAreRefusedByName() throws IOException {
        int port = start(WireServerTest::echo, 8);

        Socket gzip = connect(port);
        send(gzip, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assertEquals(501, read(gzip, false).status());

        Socket two = connect(port);
        send(two, "GET / HTTP/2.0\r\n\r\n");
        assertEquals(505, read(two, false).status());

        Socket huge = connect(port);
        send(huge, "GET / HTTP/1.1\r\n" + ("X-Big: " + "a".repeat(1000) + "\r\n").repeat(70) + "\r\n");
        Answer answer = read(huge, false);
        assertEquals(431, answer.status());
        assertTrue(answer.body().contains("64 KB"), answer.body());
    }

    @Test
    void aMalformedChunkIsAnswered400() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

        Answer answer = read(socket, false);
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("hexadecimal"), answer.body());
    }

    @Test
    void headGetsTheLengthOfGetAndNoBody() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "HEAD /h HTTP/1.1\r\n\r\nGET /g HTTP/1.1\r\n\r\n");

        Answer head = read(socket, true);
        assertEquals(String.valueOf("HEAD /h null ".length()), head.header("Content-Length"));
        assertEquals("GET /g null ", read(socket, false).body(), "no body bytes came between the two answers");
    }

    @Test
    void aStreamedAnswerReachesTheClientChunkByChunkAsItIsFlushed() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        Socket socket = connect(start(exchange -> {
            exchange.sendHeaders(200, 0);
            OutputStream out = exchange.responseBody();
            out.write("first\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                assertTrue(firstRead.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            out.write("second\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        }, 8));

        send(socket, "GET /logs HTTP/1.1\r\n\r\n");
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            head.append(l).append('\n');
        }
        assertTrue(head.toString().contains("Transfer-Encoding: chunked"), head.toString());
        assertEquals("6", line(in));
        assertEquals("first", line(in));
        firstRead.countDown();
        line(in);
        assertEquals("7", line(in));
        assertEquals("second", line(in));
        line(in);
        assertEquals("0", line(in), "the last chunk once the handler closed the body");
    }

    @Test
    void anHttp10ClientGetsItsAnswerAndTheConnectionCloses() throws IOException {
        Socket socket = connect(start(WireServerTest::echo, 8));

        send(socket, "GET /old HTTP/1.0\r\n\r\n");

        Answer answer = read(socket, false);
        assertEquals("GET /old null ", answer.body());
        assertEquals("close", answer.header("Connection"));
        assertTrue(closedByServer(socket));
    }

    @Test
    void aHandlerThatSendsNothingGivesA500AndTheConnectionCloses() throws IOException {
        Socket socket = connect(start(exchange -> {
            throw new IllegalStateException("a bug");
        }, 8));

        send(socket, "GET /x HTTP/1.1\r\n\r\n");

        Answer answer = read(socket, false);
        assertEquals(500, answer.status());
        assertEquals("Internal error", answer.body());
        assertTrue(closedByServer(socket));
    }

    @Test
    void closingTheServerClosesIdleConnectionsAndThePort() throws IOException {
        WireServer server = WireServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WireServerTest::echo, "test-http-", 8);
        servers.add(server);
        Socket socket = connect(server.port());
        send(socket, "GET /a HTTP/1.1\r\n\r\n");
        read(socket, false);

        server.close();

        assertTrue(closedByServer(socket), "the kept-alive connection is closed");
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close());
    }

    @Test
    void aConnectionBeyondTheLimitIsAnswered503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int port = start(exchange -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendHeaders(204, -1);
        }, 1);
        Socket held = connect(port);
        send(held, "GET /slow HTTP/1.1\r\n\r\n");
        Thread.sleep(200);

        Socket refused = connect(port);
        Answer answer = read(refused, false);
        release.countDown();

        assertEquals(503, answer.status());
        assertEquals(204, read(held, false).status());
    }

    @Test
    void anEmptyConnectionClosedByTheClientIsNoRequest() throws Exception {
        List<String> seen = new ArrayList<>();
        int port = start(exchange -> {
            seen.add(exchange.rawPath());
            exchange.sendHeaders(204, -1);
        }, 8);
        connect(port).close();
        Socket after = connect(port);
        send(after, "\r\nGET /after HTTP/1.1\r\n\r\n");

        assertEquals(204, read(after, false).status(), "an empty line before a request is ignored");
        assertEquals(List.of("/after"), seen);
    }

    @Test
    void theDateIsAnImfFixdate() {
        assertEquals("Sat, 05 Dec 2026 07:03:09 GMT",
                Exchange.imfDate(ZonedDateTime.of(2026, 12, 5, 7, 3, 9, 0, ZoneOffset.UTC)));
    }
}
