package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.store.ImageRecord;
import io.bosun.spi.target.TargetState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the device runs, in balena's shapes: {@code /v2/state/status}, {@code /v2/containerId},
 * {@code /v2/device/name}, {@code /v2/local/device-info}. Unlike balena, every app is reported (not only the
 * first), and a scoped key sees its own app only.
 */
final class StateRoutes {
    private final Services services;
    private final CallerProgress progress;

    StateRoutes(Services services) {
        this.services = services;
        this.progress = new CallerProgress(services);
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("GET", "/v2/state/status", Access.ANY_KEY, this::status),
                Route.of("GET", "/v2/containerId", Access.ANY_KEY, this::containerId),
                Route.of("GET", "/v2/device/name", Access.ANY_KEY, this::deviceName),
                Route.of("GET", "/v2/local/device-info", Access.ANY_KEY, this::deviceInfo));
    }

    /**
     * A scoped key sees its own app: its containers and images, whether that app is being applied, and the
     * progress of that app's downloads only.
     */
    private ApiResponse status(Call call) throws ApiRouteException, StoreException {
        Reconciler reconciler = services.requireReconciler();
        boolean applying = progress.status(call, reconciler).applying();
        Map<String, Integer> downloads = progress.downloads(call, reconciler);
        List<Map<String, Object>> containers = new ArrayList<>();
        for (ContainerView c : visibleContainers(call)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", c.status().wireName());
            entry.put("serviceName", c.identity().serviceName());
            entry.put("appId", c.identity().appId());
            entry.put("imageId", c.identity().imageId());
            entry.put("serviceId", c.identity().serviceId());
            entry.put("containerId", c.id());
            entry.put("createdAt", c.createdAt().toString());
            containers.add(entry);
        }
        List<Map<String, Object>> images = new ArrayList<>();
        for (ImageRecord image : images(call)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", image.name());
            entry.put("appId", image.appId());
            entry.put("serviceName", image.serviceName());
            entry.put("imageId", image.imageId());
            entry.put("dockerImageId", image.dockerImageId().orElse(null));
            Integer progress = downloads.get(image.name());
            entry.put("status", progress != null ? "Downloading" : "Downloaded");
            entry.put("downloadProgress", progress);
            services.carrier(image.name()).ifPresent(carrier -> {
                entry.put("status", carrier.phase().wireName());
                entry.put("bundleStatus", carrier.reason().isEmpty() ? null : carrier.reason());
            });
            images.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("appState", applying ? "applying" : "applied");
        body.put("overallDownloadProgress", downloads.isEmpty() ? null
                : (int) downloads.values().stream().mapToInt(Integer::intValue).average().orElse(0));
        body.put("containers", containers);
        body.put("images", images);
        body.put("release", release(call).orElse(null));
        return ApiResponse.json(200, body);
    }

    private ApiResponse containerId(Call call) throws ApiRouteException {
        Optional<String> wanted = call.request().queryParam("serviceName")
                .or(() -> call.request().queryParam("service"));
        Map<String, String> services = new LinkedHashMap<>();
        for (ContainerView c : visibleContainers(call)) {
            services.put(c.identity().serviceName(), c.id());
        }
        if (wanted.isEmpty()) {
            return ApiResponse.json(200, ApiResponse.fields("status", "success", "services", services));
        }
        String id = services.get(wanted.get());
        if (id == null) {
            return ApiResponse.failed(503, "Could not find service with that name");
        }
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "containerId", id));
    }

    private ApiResponse deviceName(Call call) throws ApiRouteException {
        String name = services.deviceName();
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "deviceName", name));
    }

    private ApiResponse deviceInfo(Call call) throws ApiRouteException {
        SupervisorConfig config = services.requireConfig();
        return ApiResponse.json(200, ApiResponse.fields("status", "success", "info",
                ApiResponse.fields("arch", config.device().deviceArch(), "deviceType", config.device().deviceType())));
    }

    /** Running or not, the supervised containers of the apps the caller may see. */
    private List<ContainerView> visibleContainers(Call call) throws ApiRouteException {
        return services.requireEngine().currentState().containers().stream()
                .filter(c -> call.caller().mayActOn(c.identity().appId()))
                .filter(c -> c.status() != ServiceStatus.DEAD).toList();
    }

    private List<ImageRecord> images(Call call) throws ApiRouteException, StoreException {
        return services.requireReleases().images().stream().filter(i -> call.caller().mayActOn(i.appId())).toList();
    }

    /** The commit of the first app the caller may see, as balena reports one release. */
    private Optional<String> release(Call call) throws ApiRouteException, StoreException {
        return services.requireReleases().currentCommits().entrySet().stream()
                .filter(e -> call.caller().mayActOn(e.getKey())).map(Map.Entry::getValue).findFirst();
    }
}
