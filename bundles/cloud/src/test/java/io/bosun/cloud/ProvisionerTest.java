package io.bosun.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bosun.spi.config.ConfigJsonWriter;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.testcloud.Device;
import io.bosun.testcloud.TestCloud;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration against the test cloud, true to what openBalena answers (docs/cloud.md, "Provisioning"). */
class ProvisionerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private final TestCloud cloud = TestCloud.start();
    private final FileOfConfig file = new FileOfConfig();
    private final Provisioner provisioner = new Provisioner(new CloudHttp("Supervisor/test"), file,
            new Provisioner.Facts("19.0.5", "Debian 12", "prod", "AA:BB:CC:DD:EE:FF"), CLOCK);

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void aProvisioningKeyAloneRegistersTheDeviceWithAKeyItChoseAndWrittenFirst() throws Exception {
        cloud.addFleet(5, "fleet5", "five");
        String key = cloud.provisioningKey(5);
        file.set(Map.of("uuid", "dev1", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key,
                "deviceType", "generic-amd64"));
        DeviceIdentity done = provisioner.provision(file.identity(), TIMEOUT);
        Device device = cloud.device("dev1").orElseThrow();
        assertEquals(Optional.of(device.id()), done.deviceId());
        assertEquals(Optional.of(device.apiKey()), done.deviceApiKey());
        assertEquals(Optional.of(CLOCK.millis()), done.registeredAt());
        assertEquals(Optional.empty(), done.provisioningKey());
        assertTrue(Provisioner.provisioned(done));
        assertEquals("generic-amd64", device.registerBody().get("device_type"));
        assertEquals("19.0.5", device.registerBody().get("supervisor_version"));
        assertEquals(2, file.writes, "the key first, then the registration");
    }

    @Test
    void aRegistrationWhoseAnswerWasLostIsFoundWithTheDevicesOwnKey() throws Exception {
        cloud.addFleet(5, "fleet5", "five");
        String key = cloud.provisioningKey(5);
        file.set(Map.of("uuid", "dev2", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key));
        DeviceIdentity first = provisioner.provision(file.identity(), TIMEOUT);
        // The same device key and uuid, as if the write after the cloud's 201 had not happened.
        file.set(Map.of("uuid", "dev2", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key,
                "deviceApiKey", first.deviceApiKey().get()));
        DeviceIdentity again = provisioner.provision(file.identity(), TIMEOUT);
        assertEquals(first.deviceId(), again.deviceId());
        assertEquals("dev2", again.uuid());
        assertEquals(2, cloud.requests("POST", "/device/register").size());
        assertEquals(409, cloud.requests("POST", "/device/register").get(1).status());
    }

    @Test
    void aUuidTakenByAnotherDeviceGetsANewUuidAndKeyForTheNextAttempt() throws Exception {
        cloud.addFleet(5, "fleet5", "five");
        String key = cloud.provisioningKey(5);
        file.set(Map.of("uuid", "taken", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key));
        provisioner.provision(file.identity(), TIMEOUT);
        file.set(Map.of("uuid", "taken", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key));
        CloudException e = assertThrows(CloudException.class, () -> provisioner.provision(file.identity(), TIMEOUT));
        assertEquals(409, e.status());
        assertNotEquals("taken", file.identity().uuid());
        DeviceIdentity done = provisioner.provision(file.identity(), TIMEOUT);
        assertTrue(Provisioner.provisioned(done));
        assertTrue(cloud.device(done.uuid()).isPresent());
    }

    @Test
    void aRefusedProvisioningKeyIsAClearErrorAndNothingIsRegistered() throws Exception {
        cloud.addFleet(5, "fleet5", "five");
        String key = cloud.provisioningKey(5);
        cloud.revoke(key);
        file.set(Map.of("uuid", "dev3", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key));
        CloudException e = assertThrows(CloudException.class, () -> provisioner.provision(file.identity(), TIMEOUT));
        assertTrue(e.refusedKey());
        assertTrue(e.getMessage().contains("provisioning key"), e.getMessage());
        assertEquals(Optional.of(key), file.identity().provisioningKey(), "the key stays for the next attempt");
    }

    @Test
    void anUnreachableCloudIsStatusZeroNamingWhatFailed() throws Exception {
        cloud.addFleet(5, "fleet5", "five");
        String key = cloud.provisioningKey(5);
        file.set(Map.of("uuid", "dev4", "apiEndpoint", cloud.endpoint(), "applicationId", 5L, "apiKey", key));
        cloud.down(true);
        CloudException e = assertThrows(CloudException.class, () -> provisioner.provision(file.identity(), TIMEOUT));
        assertEquals(0, e.status());
        assertTrue(e.getMessage().startsWith("Registering the device"), e.getMessage());
    }

    /** {@code config.json} as the config bundle keeps it: fields set and removed, the identity read back. */
    private static final class FileOfConfig implements ConfigJsonWriter {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        int writes;

        void set(Map<String, Object> all) {
            fields.clear();
            fields.putAll(all);
            writes = 0;
        }

        DeviceIdentity identity() {
            return new DeviceIdentity((String) fields.get("uuid"), Optional.ofNullable((String) fields.get(
                    "apiEndpoint")), (String) fields.get("deviceType"), "amd64",
                    Optional.ofNullable((Long) fields.get("applicationId")),
                    Optional.ofNullable((Long) fields.get("deviceId")),
                    Optional.ofNullable((Long) fields.get("registered_at")),
                    Optional.ofNullable((String) fields.get("deviceApiKey")),
                    Optional.ofNullable((String) fields.get("apiKey")), Optional.empty(), fields);
        }

        @Override
        public DeviceIdentity update(Map<String, Object> set, Set<String> remove) {
            set.forEach(fields::put);
            remove.forEach(fields::remove);
            if (!set.isEmpty() || !remove.isEmpty()) {
                writes++;
            }
            return identity();
        }
    }
}
