package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.transport.DockerHttpClient;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.engine.PullListener;
import io.bosun.spi.engine.RegistryAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pulls an image and turns the engine's per-layer progress lines into one percentage: bytes downloaded over
 * bytes to download, across the layers whose size is known, never going down.
 */
final class ImagePuller {
    private final EngineHttp http;

    ImagePuller(EngineHttp http) {
        this.http = http;
    }

    void pull(String image, Optional<RegistryAuth> auth, PullListener listener) throws EngineException {
        Map<String, String> headers = new LinkedHashMap<>();
        auth.ifPresent(a -> headers.put("X-Registry-Auth", authHeader(a)));
        Progress progress = new Progress(image, listener);
        DockerHttpClient.Response opened;
        try {
            opened = http.open("POST", "/images/create?fromImage=" + EngineHttp.query(image), headers,
                    Kind.IMAGE_NOT_FOUND);
        } catch (EngineException e) {
            if (e.kind() == Kind.ENGINE_DOWN) {
                throw e;
            }
            throw new EngineException(EngineErrors.ofPull(e.getMessage(), e.kind()),
                    "cannot pull " + image + ": " + e.getMessage(), e);
        }
        try (DockerHttpClient.Response response = opened;
                MappingIterator<JsonNode> lines = EngineHttp.JSON.readerFor(JsonNode.class)
                        .readValues(response.getBody())) {
            while (lines.hasNext()) {
                JsonNode line = lines.next();
                if (line.hasNonNull("error")) {
                    String message = line.path("errorDetail").path("message").asText(line.path("error").asText());
                    throw new EngineException(EngineErrors.ofPull(message, Kind.OTHER),
                            "cannot pull " + image + ": " + message);
                }
                progress.update(line);
            }
        } catch (IOException e) {
            throw new EngineException(Kind.ENGINE_DOWN, "the pull of " + image + " broke off: " + e.getMessage(), e);
        }
        progress.done();
    }

    static String authHeader(RegistryAuth auth) {
        Map<String, String> body = Map.of("username", auth.username(), "password", auth.password(),
                "serveraddress", auth.serverAddress());
        try {
            return Base64.getUrlEncoder().encodeToString(EngineHttp.JSON.writeValueAsString(body)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per-layer download counts; a finished or cached layer counts whole. */
    private static final class Progress {
        private final String image;
        private final PullListener listener;
        private final Map<String, long[]> layers = new LinkedHashMap<>();
        private int reported = -1;

        Progress(String image, PullListener listener) {
            this.image = image;
            this.listener = listener;
        }

        void update(JsonNode line) {
            String layer = line.path("id").asText();
            String status = line.path("status").asText();
            if (layer.isEmpty() || status.startsWith("Pulling from")) {
                return;
            }
            long[] counts = layers.computeIfAbsent(layer, k -> new long[] {0, 0});
            JsonNode detail = line.path("progressDetail");
            if (status.equals("Downloading") && detail.path("total").asLong() > 0) {
                counts[0] = detail.path("current").asLong();
                counts[1] = detail.path("total").asLong();
            } else if (status.equals("Download complete") || status.equals("Pull complete")
                    || status.equals("Already exists") || status.equals("Verifying Checksum")) {
                counts[1] = Math.max(counts[1], 1);
                counts[0] = counts[1];
            }
            report();
        }

        private void report() {
            long done = 0;
            long total = 0;
            for (long[] counts : layers.values()) {
                done += counts[0];
                total += counts[1];
            }
            if (total > 0) {
                send((int) Math.min(99, done * 100 / total));
            }
        }

        void done() {
            send(100);
        }

        private void send(int percent) {
            if (percent > reported) {
                reported = percent;
                listener.progress(image, percent);
            }
        }
    }
}
