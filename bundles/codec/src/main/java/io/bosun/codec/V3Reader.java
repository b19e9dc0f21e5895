package io.bosun.codec;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetRelease;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;

/**
 * Reads the entry of this device out of a v3 document, checking it field by field against balena's io-ts types.
 * Fields the types do not name are ignored, as io-ts ignores them (its types are not exact); entries for other
 * devices are ignored too, since a device only ever applies its own. Paths are relative to the device entry.
 */
final class V3Reader {
    static final String NOT_A_DOCUMENT = "the document must be a JSON object keyed by device uuid";
    static final String NEWLINE_IN_NAME = "must not contain a newline";
    static final String BAD_CLASS = "must be one of 'fleet', 'app', 'block'";

    private final Violations violations = new Violations();
    private final FieldReader fields = new FieldReader(violations);
    private final ServiceReader services = new ServiceReader(fields);
    private final ResourceReader resources = new ResourceReader(fields);

    static String missingDevice(String deviceUuid) {
        return "Expected target state for local device with uuid '" + deviceUuid + "'.";
    }

    TargetState read(JsonNode document, String deviceUuid) throws InvalidTargetStateException {
        if (!document.isObject()) {
            violations.add(Path.ROOT, NOT_A_DOCUMENT);
            violations.throwIfAny();
        }
        JsonNode device = document.get(deviceUuid);
        if (device == null) {
            violations.add(Path.ROOT, missingDevice(deviceUuid));
            violations.throwIfAny();
        }
        TargetState target = device(device, deviceUuid);
        violations.throwIfAny();
        return target;
    }

    private TargetState device(JsonNode value, String deviceUuid) throws InvalidTargetStateException {
        JsonNode device = fields.object(value, Path.ROOT, Presence.REQUIRED).orElse(null);
        violations.throwIfAny();
        String name = deviceName(FieldReader.field(device, "name"), Path.ROOT.child("name"), fields, Presence.REQUIRED)
                .orElse("");
        Map<String, String> config = fields.stringMap(FieldReader.field(device, "config"), Path.ROOT.child("config"),
                Presence.REQUIRED, KeyRule.CONFIG_VARIABLE);
        Map<String, TargetApp> apps = fields.entries(FieldReader.field(device, "apps"), Path.ROOT.child("apps"),
                Presence.REQUIRED, KeyRule.SHORT_STRING, this::app);
        return new TargetState(deviceUuid, name, config, apps);
    }

    /** balena's DeviceName: a ShortString without '\n'. Shared with the v2 converter. */
    static Optional<String> deviceName(JsonNode value, Path path, FieldReader fields, Presence presence) {
        Optional<String> name = fields.shortString(value, path, presence);
        if (name.isPresent() && name.get().indexOf('\n') >= 0) {
            fields.violations().add(path, NEWLINE_IN_NAME);
            return Optional.empty();
        }
        return name;
    }

    private Optional<TargetApp> app(JsonNode value, Path path, String uuid) {
        return fields.object(value, path, Presence.REQUIRED).map(app -> {
            long id = fields.numericId(app.get("id"), path.child("id")).orElse(0);
            String name = fields.shortString(app.get("name"), path.child("name"), Presence.REQUIRED).orElse("");
            AppClass appClass = appClass(app.get("class"), path.child("class"));
            Optional<String> parent = fields.shortString(app.get("parent_app"), path.child("parent_app"),
                    Presence.OPTIONAL);
            boolean isHost = fields.bool(app.get("is_host"), path.child("is_host"), Presence.OPTIONAL).orElse(false);
            Map<String, TargetRelease> releases = fields.entries(app.get("releases"), path.child("releases"),
                    Presence.DEFAULTED, KeyRule.SHORT_STRING, this::release);
            return new TargetApp(uuid, id, name, appClass, parent, isHost, releases);
        });
    }

    private AppClass appClass(JsonNode value, Path path) {
        Optional<String> wireName = fields.string(value, path, Presence.DEFAULTED);
        if (wireName.isEmpty()) {
            return AppClass.FLEET;
        }
        for (AppClass candidate : AppClass.values()) {
            if (candidate.wireName().equals(wireName.get())) {
                return candidate;
            }
        }
        violations.add(path, BAD_CLASS);
        return AppClass.FLEET;
    }

    private Optional<TargetRelease> release(JsonNode value, Path path, String commit) {
        return fields.object(value, path, Presence.REQUIRED).map(release -> {
            long id = fields.numericId(release.get("id"), path.child("id")).orElse(0);
            Map<String, TargetService> byName = fields.entries(release.get("services"), path.child("services"),
                    Presence.DEFAULTED, KeyRule.SERVICE_NAME, this::service);
            return new TargetRelease(commit, id, byName,
                    resources.volumes(release.get("volumes"), path.child("volumes")),
                    resources.networks(release.get("networks"), path.child("networks")));
        });
    }

    private Optional<TargetService> service(JsonNode value, Path path, String name) {
        return fields.object(value, path, Presence.REQUIRED).map(service -> ServiceReader.assemble(name,
                fields.numericId(service.get("id"), path.child("id")).orElse(0),
                fields.numericId(service.get("image_id"), path.child("image_id")).orElse(0),
                services.image(service.get("image"), path.child("image")),
                services.environment(service.get("environment"), path.child("environment")),
                services.labels(service.get("labels"), path.child("labels")),
                services.running(service.get("running"), path.child("running")),
                services.contract(service.get("contract"), path.child("contract")),
                services.composition(service.get("composition"), path.child("composition"))));
    }
}
