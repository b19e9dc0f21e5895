package io.bosun.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files under a folder of an image, read without running it, the fast way where there is one. An image no
 * larger than the files may be is saved and its layers read: milliseconds, where a {@link CarrierContainer} costs
 * the engine a root file system, a tenth of a second. A larger image would be slow and large to save whole; it,
 * and one whose save does not answer alone, is read by a container.
 */
final class ImageFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolders.class);

    private ImageFolders() {
    }

    static Map<String, byte[]> read(EngineHttp http, String image, String folder, long maxBytes)
            throws EngineException {
        String path = folder.replaceAll("/+$", "");
        if (path.isEmpty()) {
            throw new EngineException(Kind.INVALID, "files of " + image + " can be read from a folder below /, not /");
        }
        JsonNode inspect;
        try {
            inspect = http.get("/images/" + image + "/json", Kind.IMAGE_NOT_FOUND);
        } catch (EngineException e) {
            throw e.kind() == Kind.IMAGE_NOT_FOUND ? notOnDevice(image, e) : e;
        }
        JsonNode size = inspect.path("Size");
        if (size.canConvertToLong() && size.asLong() <= maxBytes && SavedImage.readable(path)) {
            // By id: the image inspected is the one saved, even if its name moves on meanwhile.
            Optional<Map<String, byte[]>> files = saved(http, inspect.path("Id").asText(image), image, folder,
                    maxBytes);
            if (files.isPresent()) {
                return files.get();
            }
        }
        return CarrierContainer.read(http, image, folder, path, maxBytes);
    }

    static EngineException notOnDevice(String image, EngineException e) {
        return new EngineException(Kind.IMAGE_NOT_FOUND, "the image " + image + " is not on the device: "
                + e.getMessage(), e);
    }

    /** The files as the save has them; empty when it cannot tell, which the container then does. */
    private static Optional<Map<String, byte[]>> saved(EngineHttp http, String id, String image, String folder,
            long maxBytes) throws EngineException {
        DockerHttpClient.Response response;
        try {
            response = http.open("GET", "/images/" + id + "/get", Map.of(), Kind.IMAGE_NOT_FOUND);
        } catch (EngineException e) {
            return fallBack(image, folder, e.getMessage());
        }
        // Closing before the end aborts the request: a save larger than it should be is not read on.
        try (response; InputStream body = response.getBody()) {
            return Optional.of(SavedImage.read(body, image, folder, maxBytes));
        } catch (IOException e) {
            return fallBack(image, folder, e.getMessage());
        }
    }

    private static Optional<Map<String, byte[]>> fallBack(String image, String folder, String why) {
        LOG.info("Reading {} of {} by a container: its save does not tell ({})", folder, image, why);
        return Optional.empty();
    }
}
