package io.bosun.testcloud;

import java.util.Map;

/**
 * A device the test cloud registered.
 *
 * @param id           the id the cloud gave it (1, 2, … in order of registration)
 * @param uuid         the uuid the device chose
 * @param fleetId      the fleet it belongs to
 * @param deviceType   the device type slug it registered with
 * @param apiKey       its device key
 * @param name         its name now: the one the cloud made up, or the last the device set
 * @param registerBody the JSON body of its registration request, parsed
 */
public record Device(long id, String uuid, long fleetId, String deviceType, String apiKey, String name,
        Map<String, Object> registerBody) {
}
