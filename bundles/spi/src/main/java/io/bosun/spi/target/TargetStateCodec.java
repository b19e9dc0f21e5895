package io.bosun.spi.target;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and writes target-state documents. Reading validates the whole document and normalises it;
 * a document with any fault is rejected whole with every fault named.
 */
@ProviderType
public interface TargetStateCodec {

    /**
     * Reads a v3 document ({@code {"<deviceUuid>": {name, config, apps}}}).
     *
     * @param json the document, UTF-8
     * @param deviceUuid the uuid of this device; the document must have an entry for it
     * @return the validated, normalised target
     * @throws InvalidTargetStateException naming every fault (JSON path and rule) when the document is not valid
     */
    TargetState readV3(byte[] json, String deviceUuid) throws InvalidTargetStateException;

    /**
     * Reads a v2 local document ({@code {"local": {name, config, apps: {<appId>: ...}}}}) and converts it to v3
     * (the app uuid becomes the app id as a string, as balena does in local mode).
     *
     * @param json the document, UTF-8
     * @param deviceUuid the uuid of this device, which keys the converted target
     * @param currentDeviceName the device's current name, used when the document has no {@code local.name} (as
     *        balena does); null to require {@code local.name}
     * @return the validated, normalised, converted target
     * @throws InvalidTargetStateException naming every fault (with paths in v2 terms, e.g.
     *         {@code local.apps.1.services.23.environment}) when the document is not valid
     */
    TargetState readV2(byte[] json, String deviceUuid, String currentDeviceName) throws InvalidTargetStateException;

    /**
     * Reads a v2 local document that must name the device ({@code local.name}); see
     * {@link #readV2(byte[], String, String)}.
     */
    default TargetState readV2(byte[] json, String deviceUuid) throws InvalidTargetStateException {
        return readV2(json, deviceUuid, null);
    }

    /**
     * Writes a target as a v3 document; {@link #readV3} of the result gives back an equal target (for any target
     * that {@link #readV3} or {@link #readV2} produced).
     */
    byte[] writeV3(TargetState target);
}
