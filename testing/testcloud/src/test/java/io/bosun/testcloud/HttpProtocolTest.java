package io.bosun.testcloud;

import static io.bosun.testcloud.CloudSetup.DEVICE_KEY;
import static io.bosun.testcloud.CloudSetup.UUID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HttpProtocolTest extends RegisteredDeviceTest {
    @Test
    void oneConnectionCarriesSeveralRequestsIncludingAChunkedBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", cloud.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write(ascii("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"));
            RawAnswer ping = RawAnswer.read(in);
            assertEquals(200, ping.status);
            assertEquals("OK", ping.body);

            String report = "{\"" + UUID + "\":{\"status\":\"Idle\"}}";
            String half = report.substring(0, 10);
            String rest = report.substring(10);
            out.write(ascii("PATCH /device/v3/state HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + DEVICE_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n"
                    + Integer.toHexString(rest.length()) + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n"));
            RawAnswer patched = RawAnswer.read(in);
            assertEquals(200, patched.status);
            assertEquals("0", patched.headers.get("content-length"));
            assertEquals("Idle", cloud.mergedState(UUID).get("status"));

            out.write(ascii("GET /device/v3/" + UUID + "/state HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + DEVICE_KEY + "\r\nConnection: close\r\n\r\n"));
            RawAnswer target = RawAnswer.read(in);
            assertEquals(200, target.status);
            assertEquals("close", target.headers.get("connection"));
            assertEquals(-1, in.read(), "closed after the answer the client asked to be the last");
        }
    }

    @Test
    void expectContinueIsHonoured() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", cloud.port())) {
            socket.setSoTimeout(10_000);
            String tags = "{\"" + UUID + "\":{\"a\":\"b\"}}";
            socket.getOutputStream().write(ascii("PATCH /device/v3/tags HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + "Bearer " + DEVICE_KEY + "\r\nExpect: 100-continue\r\nContent-Length: " + tags.length()
                    + "\r\n\r\n"));
            assertEquals(100, RawAnswer.read(socket.getInputStream()).status);
            socket.getOutputStream().write(ascii(tags));
            assertEquals(200, RawAnswer.read(socket.getInputStream()).status);
            assertEquals(Map.of("a", "b"), cloud.tags(UUID));
        }
    }

    @Test
    void httpUrlConnectionWorksIncludingA304() throws Exception {
        HttpURLConnection first = open("/device/v3/" + UUID + "/state");
        assertEquals(200, first.getResponseCode());
        String etag = first.getHeaderField("ETag");
        String body = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("{\"" + UUID + "\""), body);

        HttpURLConnection second = open("/device/v3/" + UUID + "/state");
        second.setRequestProperty("If-None-Match", etag);
        assertEquals(304, second.getResponseCode());
        assertEquals(etag, second.getHeaderField("ETag"));
    }

    @Test
    void aClientOfferingAnHttp2UpgradeIsAnsweredInHttp11() throws Exception {
        HttpClient defaultClient = HttpClient.newHttpClient(); // asks for h2c on plain http
        HttpResponse<String> ping = defaultClient.send(client.request("/ping", null).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ping.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, ping.version());
        HttpResponse<String> target = defaultClient.send(client.request("/device/v3/" + UUID + "/state",
                DEVICE_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, target.statusCode());
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(cloud.endpoint() + path).toURL()
                .openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + DEVICE_KEY);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(10000);
        return connection;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An answer read off a raw socket: enough HTTP/1.1 to check framing (Content-Length bodies only). */
    private record RawAnswer(int status, Map<String, String> headers, String body) {
        static RawAnswer read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new RawAnswer(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("closed mid-line");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
