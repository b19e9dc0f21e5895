package io.bosun.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;

/**
 * Converts a v2 local document ({@code {local: {name, config, apps: {<appId>: ...}}}}) to the v3 model the way
 * balena's local-mode conversion does, and checks it against the v3 rules with paths in v2 terms
 * ({@code local.apps.1.services.23.environment}). The conversion, as balena has it:
 * <ul>
 * <li>missing or null {@code local}, {@code local.config} and {@code local.apps} mean empty; a missing
 * {@code local.name} means the current device name;</li>
 * <li>the app uuid is the app id key itself; the class is {@code fleet};</li>
 * <li>an app with an empty or missing {@code commit} has no release, and its services, volumes, networks and
 * releaseId are not looked at; otherwise its single release is keyed by the commit and has id {@code releaseId};</li>
 * <li>a service is keyed by its {@code serviceName}, its id is the service id key, {@code imageId} becomes
 * {@code image_id}; {@code image}, {@code environment}, {@code labels}, {@code running} and {@code contract}
 * stay top-level; every other field except {@code serviceId} goes into {@code composition} unchanged;</li>
 * <li>two service ids with the same service name: the later one (in JavaScript key order) wins.</li>
 * </ul>
 * Bosun is stricter than balena where balena would crash or invent keys: {@code local} and each app and service
 * must be objects, app id keys must be canonical integers, {@code commit} must be a string and
 * {@code serviceName} must be given.
 */
final class V2Converter {
    static final String LOCAL = "local";
    static final String NOT_A_DOCUMENT = "the document must be a JSON object";
    static final String NON_CANONICAL_APP_ID = "is not a valid app id";
    static final String BAD_SERVICE_ID = "is not a valid service id";

    private static final Set<String> TOP_LEVEL_SERVICE_FIELDS =
            Set.of("serviceName", "serviceId", "imageId", "image", "environment", "labels", "running", "contract");

    private final Violations violations = new Violations();
    private final FieldReader fields = new FieldReader(violations);
    private final ServiceReader services = new ServiceReader(fields);
    private final ResourceReader resources = new ResourceReader(fields);

    TargetState convert(JsonNode document, String deviceUuid, String currentDeviceName)
            throws InvalidTargetStateException {
        if (!document.isObject()) {
            violations.add(Path.ROOT, NOT_A_DOCUMENT);
            violations.throwIfAny();
        }
        Path localPath = Path.ROOT.child(LOCAL);
        Optional<JsonNode> local = fields.object(document.get(LOCAL), localPath, Presence.DEFAULTED);
        violations.throwIfAny();
        JsonNode device = local.orElse(null);

        Path namePath = localPath.child("name");
        Presence namePresence = currentDeviceName == null ? Presence.REQUIRED : Presence.DEFAULTED;
        String name = V3Reader.deviceName(FieldReader.field(device, "name"), namePath, fields, namePresence)
                .orElse(currentDeviceName == null ? "" : currentDeviceName);
        Map<String, String> config = fields.stringMap(FieldReader.field(device, "config"), localPath.child("config"),
                Presence.DEFAULTED, KeyRule.CONFIG_VARIABLE);

        Map<String, TargetApp> apps = new LinkedHashMap<>();
        Path appsPath = localPath.child("apps");
        fields.object(FieldReader.field(device, "apps"), appsPath, Presence.DEFAULTED).ifPresent(object -> {
            for (String key : JsObjectOrder.keys(object)) {
                OptionalLong appId = canonicalAppId(key);
                if (appId.isEmpty()) {
                    violations.add(appsPath, "key " + Quoting.quote(key) + " " + NON_CANONICAL_APP_ID);
                }
                app(object.get(key), appsPath.child(key), key, appId.orElse(0))
                        .ifPresent(app -> apps.put(key, app));
            }
        });
        violations.throwIfAny();
        return new TargetState(deviceUuid, name, config, apps);
    }

    /**
     * balena looks the app up again by {@code parseInt(key)}, so only keys that read back as themselves
     * ({@code "1"}, not {@code "01"} or {@code "1x"}) find their own app.
     */
    private static OptionalLong canonicalAppId(String key) {
        OptionalLong id = NumericIdentifiers.parse(key);
        return id.isPresent() && Long.toString(id.getAsLong()).equals(key) ? id : OptionalLong.empty();
    }

    private Optional<TargetApp> app(JsonNode value, Path path, String uuid, long appId) {
        return fields.object(value, path, Presence.REQUIRED).map(app -> {
            String name = fields.shortString(app.get("name"), path.child("name"), Presence.REQUIRED).orElse("");
            Map<String, TargetRelease> releases = new LinkedHashMap<>();
            commit(app.get("commit"), path.child("commit"))
                    .ifPresent(commit -> releases.put(commit, release(app, path, commit)));
            return new TargetApp(uuid, appId, name, AppClass.FLEET, Optional.empty(), false, releases);
        });
    }

    /** The release key: balena makes a release only for a truthy commit, so "" means "no release". */
    private Optional<String> commit(JsonNode value, Path path) {
        return fields.shortString(value, path, Presence.DEFAULTED).filter(commit -> !commit.isEmpty());
    }

    private TargetRelease release(JsonNode app, Path path, String commit) {
        long releaseId = fields.numericId(app.get("releaseId"), path.child("releaseId")).orElse(0);
        Map<String, TargetService> byName = new LinkedHashMap<>();
        Path servicesPath = path.child("services");
        fields.object(app.get("services"), servicesPath, Presence.DEFAULTED).ifPresent(object -> {
            for (String serviceId : JsObjectOrder.keys(object)) {
                service(object.get(serviceId), servicesPath, serviceId)
                        .ifPresent(service -> byName.put(service.name(), service));
            }
        });
        return new TargetRelease(commit, releaseId, byName,
                resources.volumes(app.get("volumes"), path.child("volumes")),
                resources.networks(app.get("networks"), path.child("networks")));
    }

    private Optional<TargetService> service(JsonNode value, Path servicesPath, String serviceId) {
        OptionalLong id = NumericIdentifiers.parse(serviceId);
        if (id.isEmpty()) {
            violations.add(servicesPath, "key " + Quoting.quote(serviceId) + " " + BAD_SERVICE_ID);
        }
        Path path = servicesPath.child(serviceId);
        return fields.object(value, path, Presence.REQUIRED).map(service -> ServiceReader.assemble(
                serviceName(service.get("serviceName"), path.child("serviceName")),
                id.orElse(0),
                fields.numericId(service.get("imageId"), path.child("imageId")).orElse(0),
                services.image(service.get("image"), path.child("image")),
                services.environment(service.get("environment"), path.child("environment")),
                services.labels(service.get("labels"), path.child("labels")),
                services.running(service.get("running"), path.child("running")),
                services.contract(service.get("contract"), path.child("contract")),
                composition(service)));
    }

    private String serviceName(JsonNode value, Path path) {
        Optional<String> name = fields.string(value, path, Presence.REQUIRED);
        if (name.isEmpty()) {
            return "";
        }
        KeyRule.SERVICE_NAME.checkName(name.get()).ifPresent(broken -> violations.add(path, broken));
        return name.get();
    }

    private static Map<String, Object> composition(JsonNode service) {
        Map<String, Object> composition = new LinkedHashMap<>();
        for (String field : JsObjectOrder.keys(service)) {
            if (!TOP_LEVEL_SERVICE_FIELDS.contains(field)) {
                composition.put(field, JsonValues.toJava(service.get(field)));
            }
        }
        return composition;
    }
}
