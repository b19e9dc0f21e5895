package io.bosun.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.DeviceIdentity;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registers the device in its fleet with the provisioning key of {@code config.json}, as a balena device does
 * (spec §2.5; what the real openBalena answers: docs/cloud.md). The device key is chosen and written before the
 * first request, so a crash between the cloud's answer and the write loses nothing: the next attempt finds the
 * device with that key. On success {@code deviceId} and {@code registered_at} are written and the provisioning key
 * removed, in one durable write.
 */
final class Provisioner {
    /** What the device tells the cloud about itself when it registers. */
    record Facts(String supervisorVersion, String osVersion, String osVariant, String macAddress) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CloudHttp http;
    private final ConfigJsonWriter writer;
    private final Facts facts;
    private final Clock clock;

    Provisioner(CloudHttp http, ConfigJsonWriter writer, Facts facts, Clock clock) {
        this.http = http;
        this.writer = writer;
        this.facts = facts;
        this.clock = clock;
    }

    /** balena's rule: a device with an endpoint, a uuid, a device id and a registration time is provisioned. */
    static boolean provisioned(DeviceIdentity device) {
        return device.apiEndpoint().isPresent() && device.deviceId().isPresent() && device.registeredAt().isPresent()
                && device.deviceApiKey().isPresent();
    }

    /**
     * Makes the device provisioned, or throws why it is not (a refused provisioning key, a cloud that cannot be
     * reached, a {@code config.json} that lacks what registering needs).
     */
    DeviceIdentity provision(DeviceIdentity device, Duration timeout) throws CloudException, IOException {
        if (provisioned(device)) {
            return device;
        }
        String api = device.apiEndpoint().orElseThrow();
        if (device.deviceApiKey().isEmpty()) {
            device = writer.update(Map.of("deviceApiKey", newKey()), Set.of());
        }
        if (device.provisioningKey().isEmpty() || device.applicationId().isEmpty()) {
            // A device registered by other means (e.g. pre-registered with the CLI) is found with its own key.
            Optional<Long> known = lookUp(api, device, device.deviceApiKey().get(), timeout);
            if (known.isPresent()) {
                return registered(device, known.get());
            }
            throw new CloudException(0, "The device is not registered and config.json has no "
                    + (device.provisioningKey().isEmpty() ? "provisioning key (apiKey)" : "fleet (applicationId)")
                    + " to register it with", Optional.empty());
        }
        String provisioningKey = device.provisioningKey().get();
        CloudHttp.Answer answer = http.send("Registering the device", "POST", CloudHttp.at(api, "/device/register"),
                provisioningKey, Json.bytes(registration(device)), timeout, Map.of());
        if (answer.status() == 409) {
            return alreadyRegistered(api, device, provisioningKey, timeout);
        }
        if (!answer.ok()) {
            throw new CloudException(answer.status(), answer.status() == 401 || answer.status() == 403
                    ? "The cloud refused the provisioning key (apiKey in config.json): " + answer.status()
                    : "Registering the device: the cloud answered " + answer.status(), answer.retryAfter());
        }
        long id = Json.tree(answer.body()).path("id").asLong(0);
        if (id <= 0) {
            throw new CloudException(answer.status(), "Registering the device: the cloud's answer has no device id",
                    Optional.empty());
        }
        return registered(device, id);
    }

    /**
     * The uuid is registered already (409): most often by this device, whose answer was lost; then its own key
     * finds it. Else the provisioning key may give the device this key (balena's key exchange; openBalena refuses
     * it with 401). Else the uuid is another device's: a new uuid and key are chosen for the next attempt.
     */
    private DeviceIdentity alreadyRegistered(String api, DeviceIdentity device, String provisioningKey,
            Duration timeout) throws CloudException, IOException {
        Optional<Long> own = lookUp(api, device, device.deviceApiKey().get(), timeout);
        if (own.isPresent()) {
            return registered(device, own.get());
        }
        Optional<Long> byFleet = lookUp(api, device, provisioningKey, timeout);
        if (byFleet.isPresent()) {
            CloudHttp.Answer exchanged = http.send("Exchanging the device key", "POST",
                    CloudHttp.at(api, "/api-key/device/" + byFleet.get() + "/device-key"), provisioningKey,
                    Json.bytes(Map.of("apiKey", device.deviceApiKey().get())), timeout, Map.of());
            if (exchanged.ok()) {
                return registered(device, byFleet.get());
            }
        }
        writer.update(Map.of("uuid", newUuid(), "deviceApiKey", newKey()), Set.of());
        throw new CloudException(409, "The device's uuid is registered already and neither its key nor the "
                + "provisioning key can claim it: a new uuid and key were chosen for the next attempt",
                Optional.empty());
    }

    /** The device's id as the cloud shows it to a key, if it does. */
    private Optional<Long> lookUp(String api, DeviceIdentity device, String key, Duration timeout)
            throws CloudException, IOException {
        String filter = URLEncoder.encode("uuid eq '" + device.uuid() + "'", StandardCharsets.UTF_8)
                .replace("+", "%20");
        CloudHttp.Answer answer = http.send("Looking the device up", "GET",
                CloudHttp.at(api, "/v6/device?$select=id,uuid&$filter=" + filter), key, null,
                timeout, Map.of());
        if (answer.status() == 401 || answer.status() == 403 || answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw new CloudException(answer.status(), "Looking the device up: the cloud answered "
                    + answer.status(), answer.retryAfter());
        }
        for (JsonNode d : Json.tree(answer.body()).path("d")) {
            if (device.uuid().equals(d.path("uuid").asText()) && d.path("id").asLong(0) > 0) {
                return Optional.of(d.path("id").asLong());
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the registration, unless {@code config.json} names another cloud or device by now (an operator
     * changed it while the request was out): the registration is then of a device the file no longer is.
     */
    private DeviceIdentity registered(DeviceIdentity device, long deviceId) throws IOException, CloudException {
        DeviceIdentity now = writer.update(Map.of(), Set.of());
        if (!now.uuid().equals(device.uuid()) || !now.apiEndpoint().equals(device.apiEndpoint())) {
            throw new CloudException(0, "config.json changed while the device registered; registering again",
                    Optional.empty());
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("deviceId", deviceId);
        set.put("registered_at", clock.millis());
        return writer.update(set, Set.of("apiKey"));
    }

    private Map<String, Object> registration(DeviceIdentity device) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application", device.applicationId().get());
        body.put("device_type", device.deviceType());
        body.put("uuid", device.uuid());
        body.put("api_key", device.deviceApiKey().get());
        body.put("supervisor_version", facts.supervisorVersion());
        body.put("os_version", facts.osVersion());
        body.put("os_variant", facts.osVariant());
        body.put("mac_address", facts.macAddress());
        return body;
    }

    /** balena's device keys and uuids are 32 random hex digits. */
    static String newKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String newUuid() {
        return newKey();
    }
}
