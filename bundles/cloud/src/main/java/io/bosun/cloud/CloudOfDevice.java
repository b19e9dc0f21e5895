package io.bosun.cloud;

import io.bosun.spi.config.DeviceIdentity;

/**
 * Which cloud and device a record of the connector belongs to ({@code <endpoint>\n<uuid>}): an ETag, a last report
 * or a done initial report of one cloud says nothing to another, or to a device registered anew.
 */
final class CloudOfDevice {
    private CloudOfDevice() {
    }

    static String of(DeviceIdentity device) {
        return device.apiEndpoint().orElseThrow() + "\n" + device.uuid();
    }
}
