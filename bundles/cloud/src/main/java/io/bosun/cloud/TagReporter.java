package io.bosun.cloud;

import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import java.time.Duration;
import java.util.Map;

/**
 * Sends the device's tags, as {@code /v2/device/tags} stores them, with {@code PATCH /device/v3/tags} when they
 * differ from what the cloud last took (kept in the connector's records, so a restart sends nothing new).
 */
final class TagReporter {
    static final String SENT = "tagsSent";

    private final CloudHttp http;
    /** What was sent last, so that an unchanged round reads only the tags. */
    private String lastSent = "";

    TagReporter(CloudHttp http) {
        this.http = http;
    }

    /** @return whether tags were sent */
    boolean report(DeviceIdentity device, RecordStore store, Records own, Duration timeout) throws CloudException,
            StoreException {
        Map<String, String> tags = store.namespace(RecordStore.DEVICE).entries(RecordStore.TAGS);
        String endpoint = device.apiEndpoint().orElseThrow();
        String sent = CloudOfDevice.of(device) + "\n" + Json.text(tags);
        if (sent.equals(lastSent) || own.get(SENT).filter(sent::equals).isPresent()) {
            lastSent = sent;
            return false;
        }
        http.expectOk("Reporting the device tags", "PATCH", CloudHttp.at(endpoint, "/device/v3/tags"),
                device.deviceApiKey().orElseThrow(), Json.bytes(Map.of(device.uuid(), tags)), timeout);
        own.put(SENT, sent);
        lastSent = sent;
        return true;
    }
}
