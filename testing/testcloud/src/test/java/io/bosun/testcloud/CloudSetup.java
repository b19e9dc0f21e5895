package io.bosun.testcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/** A cloud with one fleet and one registered device, the starting point of most tests. */
final class CloudSetup {
    static final long FLEET_ID = 7;
    static final String FLEET_UUID = "f1ee7f1ee7f1ee7f1ee7f1ee7f1ee7aa";
    static final String FLEET_NAME = "myfleet";
    static final String UUID = "d7e4a1b2c3d4e5f6a7b8c9d0e1f2a3b4";
    static final String DEVICE_KEY = "deviceKeyOfTheFirstDevice0000001";
    static final String COMMIT = "c0ffee00c0ffee00c0ffee00c0ffee00";
    static final String RELEASE = "{\"id\":1,\"services\":{\"main\":{\"id\":1,\"image_id\":1,"
            + "\"image\":\"127.0.0.1:5000/app:1\",\"environment\":{},\"labels\":{},"
            + "\"composition\":{\"image\":\"127.0.0.1:5000/app:1\"}}}}";

    final TestCloud cloud = TestCloud.start();
    final DeviceClient client = new DeviceClient(cloud);
    final String provisioningKey;

    CloudSetup() {
        cloud.addFleet(FLEET_ID, FLEET_UUID, FLEET_NAME);
        provisioningKey = cloud.provisioningKey(FLEET_ID);
        cloud.config(FLEET_ID, Map.of("RESIN_SUPERVISOR_POLL_INTERVAL", "600000"));
        cloud.release(FLEET_ID, COMMIT, RELEASE);
    }

    /** Registers the standard device and checks the cloud took it. */
    CloudSetup withDevice() throws Exception {
        assertEquals(201, client.register(provisioningKey, FLEET_ID, UUID, DEVICE_KEY).statusCode());
        return this;
    }
}
