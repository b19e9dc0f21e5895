package io.bosun.updater;

import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiCall;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.bundles.BundleInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The updater's routes on the device API's route whiteboard, for the device key only: the bundles, an upload, a
 * rollback, the removal of a vendor bundle. Changes answer 202 once checked; the gate's outcome shows in
 * {@code GET /v2/bundles}.
 */
final class BundleRoutes {
    private final Updater updater;

    BundleRoutes(Updater updater) {
        this.updater = updater;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.of("GET", "/v2/bundles", Access.DEVICE_KEY, call -> list()),
                ApiRoute.of("POST", "/v2/bundles", Access.DEVICE_KEY, this::upload),
                ApiRoute.of("POST", "/v2/bundles/rollback", Access.DEVICE_KEY, call -> answer(updater.rollback())),
                ApiRoute.of("DELETE", "/v2/bundles/:symbolicName", Access.DEVICE_KEY,
                        call -> answer(updater.remove(call.pathParam("symbolicName")))));
    }

    private ApiResponse list() {
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (BundleInfo b : updater.bundles()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("symbolicName", b.symbolicName());
            entry.put("version", b.version());
            entry.put("digest", b.digest().map(d -> "sha256:" + d).orElse(null));
            entry.put("origin", b.origin());
            entry.put("state", b.state());
            entry.put("lastChange", b.lastChange().map(Object::toString).orElse(null));
            bundles.add(entry);
        }
        Updater.UpdateStatus status = updater.status();
        return ApiResponse.json(200, ApiResponse.fields("status", "success",
                "update", ApiResponse.fields("state", status.state(), "cause", status.cause(),
                        "reason", status.reason(), "at", status.at().map(Object::toString).orElse(null)),
                "signedOnly", updater.signedOnly(),
                "bundles", bundles));
    }

    private ApiResponse upload(ApiCall call) throws Exception {
        List<CandidateJar> jars;
        try {
            jars = Uploads.read(call.header("Content-Type"), call.body(), call.header(Uploads.SIGNATURE_HEADER));
        } catch (BadBundleException e) {
            return ApiResponse.failed(400, e.getMessage());
        }
        return answer(updater.upload(jars));
    }

    private static ApiResponse answer(CompletableFuture<Updater.Answer> pending)
            throws InterruptedException, ExecutionException {
        Updater.Answer answer;
        try {
            // The check runs after any trial already under way: at most one gate's length.
            answer = pending.get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            return ApiResponse.failed(503, "the updater is busy; try again");
        }
        return answer.status() < 300
                ? ApiResponse.json(answer.status(), ApiResponse.fields("status", "success", "message", answer.message()))
                : ApiResponse.failed(answer.status(), answer.message());
    }
}
