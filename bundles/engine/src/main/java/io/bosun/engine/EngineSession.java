package io.bosun.engine;

import io.bosun.spi.config.SupervisorSettings;
import io.bosun.spi.engine.CurrentState;
import io.bosun.spi.engine.EngineException;
import io.bosun.support.host.OsRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Everything bound to one engine address: the HTTP client, the event-driven view and the operations. */
final class EngineSession implements AutoCloseable {
    final EngineHttp http;
    final EngineView view;
    final Containers containers;
    final Resources resources;
    final ImagePuller puller;
    private volatile String hostname;

    EngineSession(SupervisorSettings settings, Consumer<CurrentState> onChange) {
        this.http = new EngineHttp(settings.dockerHost());
        this.view = new EngineView(http, onChange);
        this.resources = new Resources(http, view);
        this.puller = new ImagePuller(http);
        this.containers = new Containers(http, view, hostFacts(settings));
    }

    private HostFacts hostFacts(SupervisorSettings settings) {
        Optional<Path> socket = "unix".equals(settings.dockerHost().getScheme())
                ? Optional.of(Path.of(settings.dockerHost().getPath())) : Optional.empty();
        return new HostFacts(socket, this::engineHostname, OsRelease.ofHost().values(),
                Files::exists);
    }

    /**
     * The host name host-network containers get: the engine's, which is the device's. Asked on first need, not
     * at activation, so a slow or absent engine never holds up the bundle's start.
     */
    private String engineHostname() {
        String known = hostname;
        if (known == null) {
            try {
                known = http.get("/info").path("Name").asText();
                hostname = known;
            } catch (EngineException e) {
                // Not remembered: asked again for the next host-network service.
                return "";
            }
        }
        return known;
    }

    @Override
    public void close() {
        view.close();
        http.close();
    }
}
