package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files under a folder of an image, by the engine's own reading: a container made from the image (never
 * started: its command is a placeholder, which an image built from scratch needs, having none) is copied from and
 * removed again. It has none of the supervisor's labels, so the engine view, which shows supervised containers
 * only, never shows it. Slow (the engine prepares a root file system for it), but it resolves all an image may
 * hold: links, any layer format, any size.
 */
final class CarrierContainer {
    /** The name start of the containers copied from (and removed at once). */
    static final String PREFIX = "bosun-carrier-";
    private static final Logger LOG = LoggerFactory.getLogger(CarrierContainer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Go's {@code os.ModeDir}, in the mode of the engine's path stat. */
    private static final long GO_MODE_DIR = 1L << 31;

    private CarrierContainer() {
    }

    /** @param path the folder without a trailing slash */
    static Map<String, byte[]> read(EngineHttp http, String image, String folder, String path, long maxBytes)
            throws EngineException {
        ObjectNode body = Json.object().put("Image", image);
        body.putArray("Cmd").add("bosun-carrier");
        String name = PREFIX + HexFormat.of().formatHex(randomBytes());
        String id;
        try {
            id = http.post("/containers/create?name=" + EngineHttp.query(name), body, Kind.IMAGE_NOT_FOUND)
                    .path("Id").asText();
        } catch (EngineException e) {
            if (e.kind() == Kind.IMAGE_NOT_FOUND) {
                throw ImageFolders.notOnDevice(image, e);
            }
            throw e;
        }
        try {
            return copy(http, id, image, folder, path, maxBytes);
        } finally {
            remove(http, id, name);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, byte[]> copy(EngineHttp http, String id, String image, String folder, String path,
            long maxBytes) throws EngineException {
        DockerHttpClient.Response archive;
        try {
            // The trailing slash has the engine follow a folder that is a symbolic link, not copy the link.
            archive = http.open("GET", "/containers/" + id + "/archive?path=" + EngineHttp.query(path + "/"),
                    Map.of(), Kind.NOT_FOUND);
        } catch (EngineException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw ImageFiles.noFolder(image, folder, e.getMessage(), e);
            }
            // A file asked for with the trailing slash: the engine's lstat says so (a 500, in its words only).
            if (e.getMessage().toLowerCase(Locale.ROOT).contains("not a directory")) {
                throw new EngineException(Kind.INVALID, image + "'s " + folder + " is not a folder ("
                        + e.getMessage() + ")", e);
            }
            throw e;
        }
        try (archive; InputStream tar = archive.getBody()) {
            if (!isFolder(archive.getHeader("X-Docker-Container-Path-Stat"))) {
                throw new EngineException(Kind.INVALID, image + "'s " + folder + " is not a folder");
            }
            return ImageFiles.read(tar, image, folder, maxBytes);
        } catch (IOException e) {
            throw new EngineException(Kind.ENGINE_DOWN, "the engine's archive of " + folder + " in " + image
                    + " broke off: " + e.getMessage(), e);
        }
    }

    /** Whether the engine's stat of the path copied says a folder; true when there is none to read. */
    private static boolean isFolder(String stat) {
        if (stat == null || stat.isBlank()) {
            return true;
        }
        try {
            JsonNode node = EngineHttp.JSON.readTree(new String(Base64.getDecoder().decode(stat.strip()),
                    StandardCharsets.UTF_8));
            return !node.path("mode").isNumber() || (node.path("mode").asLong() & GO_MODE_DIR) != 0;
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable stat: the archive's own first entry tells a file from a folder too.
            return true;
        }
    }

    private static void remove(EngineHttp http, String id, String name) {
        try {
            http.delete("/containers/" + id + "?v=1&force=1");
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                LOG.warn("Could not remove the container {} that files were read from: {}", name, e.getMessage());
            }
        }
    }
}
