package io.bosun.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.engine.ContainerView;
import java.util.Optional;

/**
 * The service a v2 service action names in its body: {@code serviceName} (a non-empty string) or {@code imageId}
 * (a number or a numeric string, as balena's {@code checkInt} reads it; 0 names nothing, as balena tests
 * {@code !imageId}).
 */
record ServiceQuery(Optional<String> serviceName, Optional<Long> imageId) {
    static final ServiceQuery NONE = new ServiceQuery(Optional.empty(), Optional.empty());

    static ServiceQuery of(JsonNode body) {
        JsonNode name = body.path("serviceName");
        Optional<String> serviceName = name.isTextual() && !name.asText().isEmpty() ? Optional.of(name.asText())
                : Optional.empty();
        JsonNode id = body.path("imageId");
        Optional<Long> imageId = id.isIntegralNumber() ? Optional.of(id.asLong())
                : id.isTextual() ? Call.appId(id.asText().trim()) : Optional.empty();
        return new ServiceQuery(serviceName, imageId.filter(i -> i > 0));
    }

    boolean names() {
        return serviceName.isPresent() || imageId.isPresent();
    }

    /** balena's match: the image id or the service name, whichever the body gave. */
    boolean matches(ContainerView container) {
        return imageId.filter(i -> i == container.identity().imageId()).isPresent()
                || serviceName.filter(n -> n.equals(container.identity().serviceName())).isPresent();
    }
}
