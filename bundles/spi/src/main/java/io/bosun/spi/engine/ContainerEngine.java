package io.bosun.spi.engine;

import io.bosun.spi.logs.LogSink;
import io.bosun.spi.target.NetworkConfig;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.VolumeConfig;
import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The container engine, as the supervisor drives it. Containers, volumes and networks the supervisor makes carry
 * balena's names and labels, so a device moved between balena's Supervisor and Bosun keeps its apps. Every
 * operation either succeeds or throws an {@link EngineException} of a kind callers can act on.
 */
@ProviderType
public interface ContainerEngine {

    /** Engine facts, asked of the engine (not cached). */
    EngineInfo info() throws EngineException;

    /**
     * What the engine runs for the supervisor now, from the engine bundle's event-driven view: cheap to call,
     * never a round of inspections. Listeners registered as {@link EngineListener} services hear of changes.
     */
    CurrentState currentState();

    /**
     * Builds the container configuration of a target service, as balena does: supervisor labels, injected
     * environment, lock folder binds, app volumes and networks, feature labels and every supported composition
     * field, with the image's defaults. The image must be on the device; it is found whatever the spelling of its
     * name ({@code docker.io/library/busybox} is {@code busybox:latest}). Definitions are kept by service, context
     * and image id: defining the same service again costs no engine call.
     *
     * @throws EngineException {@code IMAGE_NOT_FOUND} when the image is not on the device; {@code INVALID} when a
     *         compose field has a value of the wrong type
     */
    ServiceDefinition define(TargetService service, ServiceContext context) throws EngineException;

    /**
     * The settings in which a container's configuration differs from a definition's, by their compose names, for
     * the log line that says why a container is replaced; empty when equal.
     */
    java.util.List<String> differences(ContainerView container, ServiceDefinition definition);

    /**
     * Creates (without starting) the container of a service and connects it to its networks.
     *
     * @throws EngineException {@code NAME_CONFLICT} when a container of that name exists
     */
    ContainerView create(ServiceDefinition service) throws EngineException;

    /** Starts a container; starting a running one is no error. */
    void start(String containerId) throws EngineException;

    /** Stops a container, giving it its stop grace period; stopping a stopped one is no error. */
    void stop(String containerId) throws EngineException;

    /** Removes a container and its anonymous volumes, stopping it first if it runs. */
    void remove(String containerId) throws EngineException;

    /** Renames a container (a release change that needs no new container). */
    void rename(String containerId, String newName) throws EngineException;

    /**
     * Sets a container's restart policy to {@code no}, so that the engine no longer restarts it: the old
     * container of a hand-over, which may exit while its successor takes over, must not come back.
     */
    void stopRestarting(String containerId) throws EngineException;

    /**
     * Pulls an image, reporting progress as it goes.
     *
     * @param image the image name, {@code [registry/]repo[:tag][@digest]}; {@code :latest} when no tag is given
     * @param auth credentials for its registry, if it needs them
     * @return the image as the engine now holds it
     */
    ImageView pull(String image, Optional<RegistryAuth> auth, PullListener listener) throws EngineException;

    /** An image on the device, by name, digest reference or id. */
    Optional<ImageView> image(String nameOrId) throws EngineException;

    /** Removes an image by name, digest reference or id; an image not on the device is no error. */
    void removeImage(String nameOrId) throws EngineException;

    /**
     * Creates an app volume {@code <appId>_<name>} with the supervisor's labels. Creating one that exists with
     * an equal configuration is no error.
     *
     * @throws EngineException {@code NAME_CONFLICT} when it exists with another configuration
     */
    VolumeView createVolume(long appId, String appUuid, String name, VolumeConfig config) throws EngineException;

    /** Removes a volume by its engine name; a volume not there is no error. */
    void removeVolume(String engineName) throws EngineException;

    /**
     * Creates an app network {@code <appUuid>_<name>} with the supervisor's labels. Creating one that exists with
     * an equal configuration is no error.
     *
     * @throws EngineException {@code NAME_CONFLICT} when it exists with another configuration
     */
    NetworkView createNetwork(long appId, String appUuid, String name, NetworkConfig config) throws EngineException;

    /** Removes every network of that app and name (the engine may hold duplicates); none there is no error. */
    void removeNetwork(String appUuid, String name) throws EngineException;

    /**
     * Follows a container's output (stdout and stderr, with the engine's timestamps) from a point in time,
     * handing each line to the sink as a {@link io.bosun.spi.logs.LogRecord} of the container's service. The
     * returned handle stops following; following also ends when the container goes away.
     */
    AutoCloseable followLogs(String containerId, Instant since, LogSink sink) throws EngineException;

    /**
     * The regular files under a folder of an image, by path relative to that folder, read without running the
     * image (from the engine's export of the image's layers, or for a large image through a container created,
     * copied from and removed, which the engine view never shows).
     *
     * @param maxBytes the most the files may hold together
     * @throws EngineException {@code IMAGE_NOT_FOUND} when the image is not on the device; {@code INVALID} when the
     *         folder is missing or holds more than {@code maxBytes}
     * @since 2.1
     */
    java.util.Map<String, byte[]> readFiles(String image, String folder, long maxBytes) throws EngineException;
}
