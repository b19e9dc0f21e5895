package io.bosun.testcloud;

import org.junit.jupiter.api.AfterEach;

/**
 * A fresh cloud with one fleet for each test, and the device client that talks to it; the cloud's port is freed
 * after every test so the next one does not see its devices.
 */
abstract class CloudTest {
    final CloudSetup setup = new CloudSetup();
    final TestCloud cloud = setup.cloud;
    final DeviceClient client = setup.client;

    @AfterEach
    void closeTheCloud() {
        cloud.close();
    }
}
