package io.bosun.testcloud;

import org.junit.jupiter.api.BeforeEach;

/** A {@link CloudTest} whose standard device is registered before each test, as most endpoints need one. */
abstract class RegisteredDeviceTest extends CloudTest {

    @BeforeEach
    void registerTheStandardDevice() throws Exception {
        setup.withDevice();
    }
}
