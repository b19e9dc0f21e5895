package io.bosun.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UploadsTest {
    private static final String BOUNDARY = "----bosun7MA4YWxkTrZu0gW";
    private static final Optional<String> MULTIPART = Optional.of("multipart/form-data; boundary=" + BOUNDARY);
    private static final Optional<String> JAR = Optional.of("application/java-archive");
    private static final byte[] A = Jars.bundle("com.vendor.a", "1.0.0");
    private static final byte[] B = Jars.bundle("com.vendor.b", "2.0.0");

    /** A multipart/form-data body as curl -F sends it. */
    private static final class Multipart {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart file(String field, String fileName, String type, byte[] content) {
            return part("Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: " + type + "\r\n", content);
        }

        Multipart field(String field, String value) {
            return part("Content-Disposition: form-data; name=\"" + field + "\"\r\n",
                    value.getBytes(StandardCharsets.UTF_8));
        }

        private Multipart part(String headers, byte[] content) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] body() {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    private static BadBundleException refusal(Optional<String> type, byte[] body, Optional<String> signature) {
        return assertThrows(BadBundleException.class, () -> Uploads.read(type, body, signature));
    }

    private static void assertSays(BadBundleException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + e.getMessage() + "\" does not say " + part);
        }
    }

    @Test
    void aRawBodyIsOneJar() throws BadBundleException {
        List<CandidateJar> jars = Uploads.read(JAR, A, Optional.empty());

        assertEquals(1, jars.size());
        assertEquals("com.vendor.a", jars.get(0).symbolicName());
        assertEquals(Jars.sha256(A), jars.get(0).digest());
    }

    @Test
    void aRawBodyWithoutContentTypeIsOneJarToo() throws BadBundleException {
        assertEquals("com.vendor.a", Uploads.read(Optional.empty(), A, Optional.empty()).get(0).symbolicName());
    }

    @Test
    void theSignatureHeaderIsCarriedToTheRawJar() throws BadBundleException {
        byte[] signature = {1, 2, 3, 4};

        CandidateJar jar = Uploads.read(JAR, A, Optional.of(Base64.getEncoder().encodeToString(signature))).get(0);

        assertArrayEquals(signature, jar.signature().orElseThrow());
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertSays(refusal(JAR, new byte[0], Optional.empty()), "no jar was sent");
    }

    @Test
    void aRawBodyThatIsNoJarIsRefused() {
        assertSays(refusal(JAR, "hello".getBytes(StandardCharsets.UTF_8), Optional.empty()), "is not a jar");
    }

    @Test
    void aMultipartBodyGivesEveryFilePart() throws BadBundleException {
        byte[] body = new Multipart().file("bundle", "a.jar", "application/java-archive", A)
                .file("bundle", "b.jar", "application/octet-stream", B).body();

        List<CandidateJar> jars = Uploads.read(MULTIPART, body, Optional.empty());

        assertEquals(List.of("a.jar", "b.jar"), jars.stream().map(CandidateJar::name).toList());
        assertEquals(List.of("com.vendor.a", "com.vendor.b"), jars.stream().map(CandidateJar::symbolicName).toList());
        assertArrayEquals(A, jars.get(0).bytes());
        assertArrayEquals(B, jars.get(1).bytes());
    }

    @Test
    void plainFieldsOfAMultipartBodyAreNoJars() throws BadBundleException {
        byte[] body = new Multipart().field("note", "hello").file("bundle", "a.jar", "application/java-archive", A)
                .body();

        assertEquals(List.of("a.jar"), Uploads.read(MULTIPART, body, Optional.empty()).stream()
                .map(CandidateJar::name).toList());
    }

    @Test
    void aMultipartBodyWithoutFilesIsRefused() {
        assertSays(refusal(MULTIPART, new Multipart().field("note", "hello").body(), Optional.empty()),
                "holds no file");
    }

    @Test
    void aBundlesJsonWithTheRightDigestsAndASignatureIsApplied() throws BadBundleException {
        byte[] signature = {9, 8, 7};
        String json = "{\"bundles\": [{\"file\": \"a.jar\", \"sha256\": \"" + Jars.sha256(A).toUpperCase()
                + "\", \"signature\": \"" + Base64.getEncoder().encodeToString(signature) + "\"}]}";
        byte[] body = new Multipart().file("bundle", "a.jar", "application/java-archive", A)
                .file("bundle", "b.jar", "application/java-archive", B)
                .file("bundles.json", "bundles.json", "application/json", json.getBytes(StandardCharsets.UTF_8))
                .body();

        List<CandidateJar> jars = Uploads.read(MULTIPART, body, Optional.empty());

        assertEquals(List.of("a.jar", "b.jar"), jars.stream().map(CandidateJar::name).toList());
        assertArrayEquals(signature, jars.get(0).signature().orElseThrow());
        assertTrue(jars.get(1).signature().isEmpty());
    }

    @Test
    void aBundlesJsonWithAWrongDigestIsRefusedNamingTheJarAndBothDigests() {
        String wrong = Jars.digest("not a.jar");
        String json = "{\"bundles\": [{\"file\": \"a.jar\", \"sha256\": \"" + wrong + "\"}]}";
        byte[] body = new Multipart().file("bundle", "a.jar", "application/java-archive", A)
                .file("bundle", "b.jar", "application/java-archive", B)
                .file("bundles.json", "bundles.json", "application/json", json.getBytes(StandardCharsets.UTF_8))
                .body();

        assertSays(refusal(MULTIPART, body, Optional.empty()), "a.jar", Jars.sha256(A), wrong);
    }

    @Test
    void aBundlesJsonThatIsNotJsonIsRefused() {
        byte[] body = new Multipart().file("bundle", "a.jar", "application/java-archive", A)
                .field("bundles.json", "{not json").body();

        assertSays(refusal(MULTIPART, body, Optional.empty()), "bundles.json is not JSON");
    }

    @Test
    void aMultipartBodyWithoutBoundaryIsRefused() {
        byte[] body = new Multipart().file("bundle", "a.jar", "application/java-archive", A).body();

        assertSays(refusal(Optional.of("multipart/form-data"), body, Optional.empty()), "no boundary");
    }

    @Test
    void aMultipartBodyCutShortIsRefused() {
        byte[] whole = new Multipart().file("bundle", "a.jar", "application/java-archive", A).body();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertSays(refusal(MULTIPART, cut, Optional.empty()), "cut short");
    }

    @Test
    void aSignatureHeaderThatIsNotBase64IsRefused() {
        assertSays(refusal(JAR, A, Optional.of("not base64!")), Uploads.SIGNATURE_HEADER, "is not base64");
    }
}
