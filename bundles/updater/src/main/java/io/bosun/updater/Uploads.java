package io.bosun.updater;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jars of a {@code POST /v2/bundles}: one jar as the body ({@code application/java-archive} or
 * {@code application/octet-stream}, its signature in {@value #SIGNATURE_HEADER}), or several as
 * {@code multipart/form-data} ({@code curl -F bundle=@a.jar -F bundle=@b.jar}), optionally with a
 * {@code bundles.json} part giving their digests and signatures.
 */
final class Uploads {
    static final String SIGNATURE_HEADER = "X-Bosun-Signature";
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");

    private Uploads() {
    }

    static List<CandidateJar> read(Optional<String> contentType, byte[] body, Optional<String> signature)
            throws BadBundleException {
        if (body.length == 0) {
            throw new BadBundleException("no jar was sent: send one as the body (Content-Type:"
                    + " application/java-archive) or several as multipart/form-data");
        }
        String type = contentType.orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            Matcher boundary = BOUNDARY.matcher(contentType.get());
            if (!boundary.find()) {
                throw new BadBundleException("the multipart body has no boundary");
            }
            return fromParts(parts(body, boundary.group(1)));
        }
        Optional<byte[]> sig;
        try {
            sig = signature.map(s -> Base64.getDecoder().decode(s.trim()));
        } catch (IllegalArgumentException e) {
            throw new BadBundleException(SIGNATURE_HEADER + " is not base64");
        }
        return List.of(CandidateJar.read("the uploaded jar", body, sig));
    }

    /** One part of a multipart body: its field name, its file name (empty for a plain field) and its bytes. */
    record Part(String name, String fileName, byte[] content) {
    }

    private static List<CandidateJar> fromParts(List<Part> parts) throws BadBundleException {
        ExpectedJars expected = ExpectedJars.NONE;
        for (Part p : parts) {
            if (p.fileName().equals(ExpectedJars.FILE) || p.name().equals(ExpectedJars.FILE)) {
                expected = ExpectedJars.parse(p.content());
            }
        }
        List<CandidateJar> jars = new ArrayList<>();
        for (Part p : parts) {
            boolean expectations = p.fileName().equals(ExpectedJars.FILE) || p.name().equals(ExpectedJars.FILE);
            if (!p.fileName().isEmpty() && !expectations) {
                jars.add(expected.read(p.fileName(), p.content(), Optional.empty()));
            }
        }
        if (jars.isEmpty()) {
            throw new BadBundleException("the multipart body holds no file");
        }
        return jars;
    }

    static List<Part> parts(byte[] body, String boundary) throws BadBundleException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new BadBundleException("the multipart body does not start with its boundary");
        }
        while (true) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw new BadBundleException("the multipart body is cut short");
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Matcher file = FILENAME.matcher(headers);
            Matcher name = NAME.matcher(headers);
            parts.add(new Part(name.find() ? name.group(1) : "", file.find() ? file.group(1) : "",
                    Arrays.copyOfRange(body, headersEnd + 4, next)));
            at = next + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
