package io.bosun.reconciler;

import io.bosun.reconciler.plan.AppTarget;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The targets restart and purge pass through. balena builds them from what runs; Bosun from the target, which
 * is what runs once settled, and what the app should come back to in any case. Their runs are scoped to the one
 * app (see {@link RunOptions#scope}), so the other apps are left as they are, settled or not.
 */
final class Intermediates {
    private Intermediates() {
    }

    static Optional<TargetApp> app(TargetState target, long appId) {
        return target.apps().values().stream().filter(a -> a.id() == appId).findFirst();
    }

    /** The target with the app's services gone (its volumes and networks stay): restart's first half. */
    static TargetState withoutServices(TargetState target, long appId) {
        return withServices(target, appId, service -> false);
    }

    /** The target without one service of the app (the rest as it is): restart-service's first half. */
    static TargetState withoutService(TargetState target, long appId, String serviceName) {
        return withServices(target, appId, service -> !service.equals(serviceName));
    }

    private static TargetState withServices(TargetState target, long appId, Predicate<String> kept) {
        Map<String, TargetApp> apps = new LinkedHashMap<>(target.apps());
        app(target, appId).ifPresent(app -> {
            Map<String, TargetRelease> releases = new LinkedHashMap<>();
            app.releases().forEach((commit, r) -> {
                Map<String, TargetService> services = new LinkedHashMap<>(r.services());
                services.keySet().removeIf(kept.negate());
                releases.put(commit, new TargetRelease(r.commit(), r.id(), services, r.volumes(), keptNetworks(r)));
            });
            apps.put(app.uuid(), new TargetApp(app.uuid(), app.id(), app.name(), app.appClass(), app.parentApp(),
                    app.isHost(), releases));
        });
        return new TargetState(target.deviceUuid(), target.name(), target.config(), apps);
    }

    /**
     * The release's networks with its default network as its services have it: without services the default
     * network would turn config-only, and be recreated twice for nothing.
     */
    private static Map<String, NetworkConfig> keptNetworks(TargetRelease release) {
        Map<String, NetworkConfig> networks = new LinkedHashMap<>(release.networks());
        networks.putIfAbsent(AppTarget.DEFAULT_NETWORK, AppTarget.defaultNetwork(release.services().values()));
        return networks;
    }

    /** The target without the app at all, so its volumes go too: purge's first half. */
    static TargetState withoutApp(TargetState target, long appId) {
        Map<String, TargetApp> apps = new LinkedHashMap<>(target.apps());
        apps.values().removeIf(a -> a.id() == appId);
        return new TargetState(target.deviceUuid(), target.name(), target.config(), apps);
    }
}
