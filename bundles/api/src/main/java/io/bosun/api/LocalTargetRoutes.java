package io.bosun.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local target: {@code GET /v2/local/target-state} shows the stored target; {@code POST} takes a v2 target
 * (local mode only), validates it whole (a fault answers 400 naming its path, and nothing changes), stores it
 * and applies it.
 */
final class LocalTargetRoutes {
    private final Services services;

    LocalTargetRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                // Every app's environment and labels: the device's to read, not one app's key.
                new Route("GET", "/v2/local/target-state", Access.DEVICE_KEY, this::get),
                new Route("POST", "/v2/local/target-state", Access.ANY_KEY, this::post));
    }

    private Reply get(Call call) throws ApiException, IOException, StoreException {
        Optional<TargetState> stored = services.storedTarget();
        Map<String, Object> local = new LinkedHashMap<>();
        if (stored.isPresent()) {
            TargetState target = stored.get();
            JsonNode v3 = Json.MAPPER.readTree(services.requireCodec().writeV3(target));
            JsonNode device = v3.path(target.deviceUuid());
            local.put("name", device.path("name"));
            local.put("config", device.path("config"));
            local.put("apps", device.path("apps"));
        }
        return Reply.json(200, Reply.fields("status", "success", "state", Map.of("local", local)));
    }

    private Reply post(Call call) throws ApiException, StoreException {
        SupervisorConfig config = services.requireConfig();
        if (!services.localMode()) {
            return Reply.failed(400, "Target state can only set when device is in local mode");
        }
        String currentName = services.storedTarget().map(TargetState::name).orElse(null);
        TargetState target;
        try {
            target = services.requireCodec().readV2(call.request().body(), config.device().uuid(), currentName);
        } catch (InvalidTargetStateException e) {
            return Reply.failed(400, e.getMessage());
        }
        try {
            services.requireReconciler().apply(target, new ApplyOptions(call.force(), true));
        } catch (IllegalStateException e) {
            // The cloud may have ended local mode since the check above; the reconciler checks under its lock.
            if (!services.localMode()) {
                return Reply.failed(400, "Target state can only set when device is in local mode");
            }
            throw e;
        }
        return Reply.json(200, Reply.fields("status", "success", "message", "OK"));
    }
}
