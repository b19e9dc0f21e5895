package io.bosun.codec;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.bosun.spi.target.TargetService;

/** The parts of a service that v3 and v2 documents share, read and checked the same way for both. */
final class ServiceReader {
    static final String EMPTY_IMAGE = "must not be empty";

    private final FieldReader fields;

    ServiceReader(FieldReader fields) {
        this.fields = fields;
    }

    /** The normalised image reference; "" when it breaks a rule (the document is rejected anyway). */
    String image(JsonNode value, Path path) {
        Optional<String> image = fields.shortString(value, path, Presence.REQUIRED);
        if (image.isEmpty()) {
            return "";
        }
        // Bosun refuses an empty image up front: balena would only fail later, when normalising it.
        if (image.get().isEmpty()) {
            fields.violations().add(path, EMPTY_IMAGE);
            return "";
        }
        Optional<String> normalised = ImageNames.normalise(image.get());
        if (normalised.isEmpty()) {
            fields.violations().add(path, ImageNames.rule(image.get()));
            return "";
        }
        return normalised.get();
    }

    Map<String, String> environment(JsonNode value, Path path) {
        return fields.stringMap(value, path, Presence.REQUIRED, KeyRule.ENV_VARIABLE);
    }

    Map<String, String> labels(JsonNode value, Path path) {
        return fields.stringMap(value, path, Presence.REQUIRED, KeyRule.LABEL);
    }

    boolean running(JsonNode value, Path path) {
        return fields.bool(value, path, Presence.DEFAULTED).orElse(true);
    }

    /**
     * The contract as sent. balena only checks that it is an object here and validates the requirements later,
     * against the device; Bosun does the same.
     */
    Map<String, Object> contract(JsonNode value, Path path) {
        return fields.object(value, path, Presence.OPTIONAL).map(JsonValues::toMap).orElse(Map.of());
    }

    /** The docker-compose fields as sent; balena does not validate their content, and neither does Bosun. */
    Map<String, Object> composition(JsonNode value, Path path) {
        return fields.object(value, path, Presence.OPTIONAL).map(JsonValues::toMap).orElse(Map.of());
    }

    static TargetService assemble(String name, long id, long imageId, String image, Map<String, String> environment,
            Map<String, String> labels, boolean running, Map<String, Object> contract,
            Map<String, Object> composition) {
        return new TargetService(name, id, imageId, image,
                CompositionMaps.effective(composition, CompositionMaps.ENVIRONMENT, environment),
                CompositionMaps.effective(composition, CompositionMaps.LABELS, labels),
                running, contract, composition);
    }
}
