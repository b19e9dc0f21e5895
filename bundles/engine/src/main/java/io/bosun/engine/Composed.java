package io.bosun.engine;

import io.bosun.spi.engine.ServiceDefinition;
import java.util.Map;

/**
 * A service as the engine composed it: the definition the other bundles see, the full configuration it stands for,
 * and the variables set only when the container is created (the device name at init, never compared).
 */
record Composed(ServiceDefinition definition, ServiceConfig config, Map<String, String> environmentAtCreate) {
    Composed {
        environmentAtCreate = Map.copyOf(environmentAtCreate);
    }
}
