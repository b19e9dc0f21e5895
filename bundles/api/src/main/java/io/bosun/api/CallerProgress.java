package io.bosun.api;

import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.reconcile.AppPhase;
import io.bosun.spi.reconcile.ApplyStatus;
import io.bosun.spi.reconcile.Reconciler;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's progress as one caller may see it: the whole device for the global key; for a scoped key,
 * whether its own app is being applied and the downloads of its own app's images only.
 */
final class CallerProgress {
    private final Services services;

    CallerProgress(Services services) {
        this.services = services;
    }

    /** The apply status; for a scoped key, the device's while its own app is being applied, else a settled one. */
    ApplyStatus status(Call call, Reconciler reconciler) {
        ApplyStatus device = reconciler.status();
        if (call.caller().global()) {
            return device;
        }
        boolean applying = reconciler.apps().stream().anyMatch(a -> a.appId() == call.caller().appId()
                && a.phase() != AppPhase.SETTLED && a.phase() != AppPhase.LOCKED);
        return applying ? device : new ApplyStatus(false, 0, Optional.empty());
    }

    /** Download progress by image name, of the images the caller's apps use in the stored target. */
    Map<String, Integer> downloads(Call call, Reconciler reconciler) throws ApiRouteException {
        Map<String, Integer> downloads = reconciler.downloads();
        if (call.caller().global() || downloads.isEmpty()) {
            return downloads;
        }
        Set<String> images = new HashSet<>();
        services.storedTarget().ifPresent(t -> t.apps().values().stream()
                .filter(a -> call.caller().mayActOn(a.id()))
                .flatMap(a -> a.release().stream()).flatMap(r -> r.services().values().stream())
                .forEach(s -> images.add(s.image())));
        Map<String, Integer> visible = new LinkedHashMap<>(downloads);
        visible.keySet().retainAll(images);
        return visible;
    }
}
