package io.bosun.reconciler;

import io.bosun.reconciler.plan.AppTarget;
import io.bosun.reconciler.plan.ServiceTarget;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.engine.ServiceDefinition;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;
import io.bosun.support.balena.BalenaLabels;
import io.bosun.support.balena.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * Turns a target into the planner's apps. A service whose image is on the device gets its full definition from
 * the engine bundle, which keeps what it composed: planning again costs no engine call once the images are known.
 */
final class TargetModel {
    private final String hostOsVersion = HostOs.version();
    /** The lock folders asked of the locks service, which makes each once: by app id and service name. */
    private final Map<String, String> lockFolders = new ConcurrentHashMap<>();

    /** The target's apps that {@code covers} accepts (an action on one app models that app alone). */
    List<AppTarget> apps(TargetState target, LongPredicate covers, List<ImageView> images, Parts parts)
            throws EngineException, MissingPartException, IOException {
        List<AppTarget> apps = new ArrayList<>();
        for (TargetApp app : target.apps().values()) {
            if (covers.test(app.id())) {
                apps.add(app(target, app, images, parts));
            }
        }
        return apps;
    }

    private AppTarget app(TargetState target, TargetApp app, List<ImageView> images, Parts parts)
            throws EngineException, MissingPartException, IOException {
        Optional<TargetRelease> release = app.release();
        String commit = release.map(TargetRelease::commit).orElse("");
        long releaseId = release.map(TargetRelease::id).orElse(0L);
        List<ServiceTarget> services = new ArrayList<>();
        if (release.isPresent()) {
            for (TargetService s : release.get().services().values()) {
                Optional<ServiceDefinition> definition = imageOf(s.image(), images).isPresent()
                        ? Optional.of(parts.engine().define(s, context(target, app, s, releaseId, commit, parts)))
                        : Optional.empty();
                services.add(ServiceTarget.of(app.id(), app.uuid(), releaseId, commit, s, definition));
            }
        }
        return new AppTarget(app.id(), app.uuid(), app.name(), commit, releaseId, services,
                release.map(TargetRelease::volumes).orElse(Map.of()),
                release.map(TargetRelease::networks).orElse(Map.of()));
    }

    /**
     * The image on the engine that a target names, whatever the spelling ({@link ImageReference}): by tag, or by
     * digest for {@code repo@sha256:...} names, or by the engine's id.
     */
    static Optional<ImageView> imageOf(String name, List<ImageView> images) {
        ImageReference reference = ImageReference.parse(name);
        return images.stream().filter(i -> i.id().equals(name) || reference.names(i.tags(), i.digests()))
                .findFirst();
    }

    /**
     * A service with the supervisor-api feature gets its own scoped key, as balena gives it; without the keys
     * service such a service cannot be defined (a definition without its key would recreate the container).
     */
    private ServiceContext context(TargetState target, TargetApp app, TargetService service, long releaseId,
            String commit, Parts parts) throws MissingPartException, IOException {
        Optional<String> key = Optional.empty();
        if (BalenaLabels.truthy(service.labels(), "features.supervisor-api")) {
            key = Optional.of(parts.keys().orElseThrow(() -> new MissingPartException("the API keys"))
                    .keyFor(app.id(), service.name()));
        }
        var device = parts.config().device();
        return new ServiceContext(app.id(), app.uuid(), app.name(), releaseId, commit, device.uuid(), target.name(),
                device.deviceType(), device.deviceArch(), hostOsVersion, lockFolder(app.id(), service.name(), parts),
                key, parts.config().settings().apiPort(), Optional.empty(), device.apiEndpoint());
    }

    private String lockFolder(long appId, String service, Parts parts) throws IOException {
        String key = appId + "/" + service;
        String known = lockFolders.get(key);
        if (known == null) {
            known = parts.locks().serviceFolder(appId, service).toString();
            lockFolders.put(key, known);
        }
        return known;
    }
}
