package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
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

    List<ApiRoute> routes() {
        return List.of(
                // Every app's environment and labels: the device's to read, not one app's key.
                Route.of("GET", "/v2/local/target-state", Access.DEVICE_KEY, this::get),
                Route.of("POST", "/v2/local/target-state", Access.ANY_KEY, this::post));
    }

    private ApiResponse get(Call call) throws ApiRouteException, IOException {
        Optional<TargetState> stored = services.storedTarget();
        // A device that never had a target answers balena's defaults: the balena CLI posts this back with its apps.
        Map<String, Object> local = ApiResponse.fields("name", Services.DEFAULT_DEVICE_NAME, "config", Map.of(),
                "apps", Map.of());
        if (stored.isPresent()) {
            TargetState target = stored.get();
            JsonNode v3 = Json.MAPPER.readTree(services.requireCodec().writeV3(target));
            JsonNode device = v3.path(target.deviceUuid());
            local.put("name", device.path("name"));
            local.put("config", device.path("config"));
            local.put("apps", device.path("apps"));
        }
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "state", Map.of("local", local)));
    }

    /**
     * A body without {@code local.name} keeps the device's name (balena's rule); a device that never had one is
     * called {@code local}, balena's default, so the balena CLI's first push (which sends no name) is taken.
     */
    private ApiResponse post(Call call) throws ApiRouteException {
        SupervisorConfig config = services.requireConfig();
        if (!services.localMode()) {
            return ApiResponse.failed(400, LOCAL_MODE_ONLY);
        }
        TargetState target;
        try {
            target = services.requireCodec().readV2(call.body(), config.device().uuid(), services.deviceName());
        } catch (InvalidTargetStateException e) {
            return ApiResponse.failed(400, e.getMessage());
        }
        Offer offer = services.requireIntake().offer(TargetIntake.LOCAL, target, new ApplyOptions(call.force(), true));
        if (offer.outcome() == Offer.Outcome.REFUSED) {
            // The cloud may have ended local mode since the check above: the intake decides, one offer at a time.
            return ApiResponse.failed(offer.reason().equals(LOCAL_MODE_ONLY) ? 400 : 503, offer.reason());
        }
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "message", "OK"));
    }

    static final String LOCAL_MODE_ONLY = "Target state can only set when device is in local mode";
}
