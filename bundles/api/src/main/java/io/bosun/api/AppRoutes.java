package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.locks.UpdatesLockedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restart and purge of an app (v1 body forms and v2 path forms), with balena's answers: they run through the
 * reconciler's exclusive actions and answer once the app runs again.
 */
final class AppRoutes {
    /** An exclusive action waits for kills and starts, never for a download (images are kept). */
    private static final long ACTION_TIMEOUT_MINUTES = 10;
    private static final ApiResponse UNAUTHORIZED_JSON = ApiResponse.failed(401, "Unauthorized");

    private final Services services;

    AppRoutes(Services services) {
        this.services = services;
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("POST", "/v1/restart", Access.ANY_KEY, this::restartV1),
                Route.of("POST", "/v1/purge", Access.ANY_KEY, this::purgeV1),
                Route.of("POST", "/v2/applications/:appId/restart", Access.ANY_KEY, c -> v2(c, false)),
                Route.of("POST", "/v2/applications/:appId/purge", Access.ANY_KEY, c -> v2(c, true)));
    }

    private ApiResponse restartV1(Call call) throws Exception {
        long appId = bodyAppId(call.json()).orElseThrow(() -> new ApiRouteException(ApiResponse.text(400, "Missing app id")));
        call.requireApp(appId, UNAUTHORIZED_JSON);
        await(services.requireReconciler().restart(appId, call.force()));
        return ApiResponse.text(200, "OK");
    }

    private ApiResponse purgeV1(Call call) throws Exception {
        long appId = bodyAppId(call.json())
                .orElseThrow(() -> new ApiRouteException(ApiResponse.text(400, "Invalid or missing appId")));
        call.requireApp(appId, UNAUTHORIZED_JSON);
        await(services.requireReconciler().purge(appId, call.force()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Data", "OK");
        body.put("Error", "");
        return ApiResponse.json(200, body);
    }

    private ApiResponse v2(Call call, boolean purge) throws Exception {
        long appId = Call.appId(call.pathParam("appId"))
                .orElseThrow(() -> new ApiRouteException(ApiResponse.failed(400, "Missing app id")));
        call.requireApp(appId, UNAUTHORIZED_JSON);
        boolean force = call.force();
        await(purge ? services.requireReconciler().purge(appId, force)
                : services.requireReconciler().restart(appId, force));
        return ApiResponse.text(200, "OK");
    }

    /** {@code appId} as a number or a numeric string, as balena accepts it. */
    private static Optional<Long> bodyAppId(JsonNode body) {
        JsonNode id = body.path("appId");
        if (id.isIntegralNumber()) {
            return Optional.of(id.asLong());
        }
        return id.isTextual() ? Call.appId(id.asText()) : Optional.empty();
    }

    /** Waits for the action; its failure becomes balena's answer (423 when locked, 503 otherwise). */
    static void await(CompletionStage<Void> action) throws Exception {
        try {
            action.toCompletableFuture().get(ACTION_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UpdatesLockedException locked) {
                throw locked;
            }
            if (cause instanceof NoSuchElementException missing) {
                throw new ApiRouteException(ApiResponse.failed(503, missing.getMessage()));
            }
            throw new ApiRouteException(ApiResponse.failed(503, cause.getMessage() == null ? cause.toString()
                    : cause.getMessage()));
        } catch (TimeoutException e) {
            throw new ApiRouteException(ApiResponse.failed(503, "The action did not end within " + ACTION_TIMEOUT_MINUTES
                    + " minutes; it goes on"));
        }
    }
}
