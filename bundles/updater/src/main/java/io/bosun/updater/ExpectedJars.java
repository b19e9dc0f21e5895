package io.bosun.updater;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code bundles.json} says of the jars beside it: the digest each must have and its signature.
 * <pre>{"bundles": [{"file": "x.jar", "sha256": "&lt;hex&gt;", "signature": "&lt;base64 Ed25519&gt;"}]}</pre>
 * A jar it does not name is read as given; a jar whose digest differs is refused.
 */
final class ExpectedJars {
    static final String FILE = "bundles.json";
    static final ExpectedJars NONE = new ExpectedJars(Map.of());

    private record Expected(Optional<String> sha256, Optional<byte[]> signature) {
    }

    private final Map<String, Expected> byFile;

    private ExpectedJars(Map<String, Expected> byFile) {
        this.byFile = byFile;
    }

    static ExpectedJars parse(byte[] json) throws BadBundleException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new BadBundleException(FILE + " is not JSON: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("bundles");
        if (list == null || !list.isArray()) {
            throw new BadBundleException(FILE + " has no \"bundles\" list");
        }
        Map<String, Expected> byFile = new LinkedHashMap<>();
        for (JsonNode item : list) {
            String file = item.path("file").asText("");
            if (file.isEmpty()) {
                throw new BadBundleException(FILE + ": an entry has no \"file\"");
            }
            Optional<String> sha = Optional.ofNullable(item.get("sha256")).map(JsonNode::asText)
                    .map(s -> s.toLowerCase(java.util.Locale.ROOT)).map(s -> s.startsWith("sha256:")
                            ? s.substring("sha256:".length()) : s);
            Optional<byte[]> signature;
            try {
                signature = Optional.ofNullable(item.get("signature")).map(JsonNode::asText)
                        .map(s -> Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                throw new BadBundleException(FILE + ": the signature of " + file + " is not base64");
            }
            byFile.put(baseName(file), new Expected(sha, signature));
        }
        return new ExpectedJars(byFile);
    }

    /** The jar as a candidate, with its signature; refused when its digest is not the one expected. */
    CandidateJar read(String name, byte[] bytes, Optional<byte[]> signature) throws BadBundleException {
        Expected expected = byFile.get(baseName(name));
        Optional<byte[]> sig = signature.or(() -> expected == null ? Optional.empty() : expected.signature());
        CandidateJar jar = CandidateJar.read(name, bytes, sig);
        if (expected != null && expected.sha256().isPresent() && !expected.sha256().get().equals(jar.digest())) {
            throw new BadBundleException(name + "'s digest is sha256:" + jar.digest() + ", but " + FILE
                    + " expects sha256:" + expected.sha256().get());
        }
        return jar;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
