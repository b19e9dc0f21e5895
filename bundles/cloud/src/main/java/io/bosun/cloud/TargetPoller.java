package io.bosun.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.intake.Offer;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.store.Records;
import io.bosun.spi.store.StoreException;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One fetch of the device's target ({@code GET /device/v3/<uuid>/state}, spec §2.1), offered to the intake. The
 * ETag of the last target stored is kept in the connector's records, so a restart asks with it and gets a 304
 * (balena keeps it in memory and fetches everything again). A target that is not valid is refused whole, with
 * balena's {@code Could not move to new release: …} line; its ETag is kept in memory only, so a supervisor that
 * learned to read it (an update) fetches it again after a restart.
 */
final class TargetPoller {
    static final String ETAG = "etag";

    /**
     * The apps of balenaCloud's supervisor releases (their uuids are the same on every balena backend): Bosun is
     * the supervisor, so these are not apps to run. The host OS app ({@code is_host}) is not either.
     */
    static final Set<String> SUPERVISOR_APPS = Set.of("52e35121417640b1b28a680504e4039b",
            "900de4f3cbac4b9bbd232885a35e407b", "2e66a95795c149959c69472a8c2f92b8",
            "531b357e155c480cbec0fdd33041a1f5", "6822565f766e413e96d9bebe2227cdcc");

    private final CloudHttp http;
    private final CloudLog log;
    private String rejectedEtag = "";

    TargetPoller(CloudHttp http, CloudLog log) {
        this.http = http;
        this.log = log;
    }

    /**
     * @param options the options of a {@code /v1/update}, which reach the apply that follows even when the target
     *        did not change; empty for a poll of the loop
     */
    void poll(DeviceIdentity device, Duration timeout, Optional<ApplyOptions> options, TargetIntake intake,
            TargetStateCodec codec, Reconciler reconciler, Records records) throws CloudException, StoreException {
        String endpoint = device.apiEndpoint().orElseThrow();
        Optional<String> etag = storedEtag(records, device);
        String asked = etag.orElse(rejectedEtag);
        CloudHttp.Answer answer = http.send("Fetching the target state", "GET",
                CloudHttp.at(endpoint, "/device/v3/" + device.uuid() + "/state"), device.deviceApiKey().orElseThrow(),
                null, timeout, asked.isEmpty() ? Map.of() : Map.of("If-None-Match", asked));
        if (answer.status() == 304) {
            if (options.isPresent() && !asked.equals(rejectedEtag)) {
                reconciler.reapply(options.get());
            }
            return;
        }
        if (!answer.ok()) {
            throw new CloudException(answer.status(), "Fetching the target state: the cloud answered "
                    + answer.status() + (answer.status() == 401 ? " (the device key was refused)" : ""),
                    answer.retryAfter());
        }
        String newEtag = answer.header("ETag").orElse("");
        TargetState target;
        try {
            target = codec.readV3(runnable(answer.body(), device.uuid()), device.uuid());
        } catch (InvalidTargetStateException e) {
            rejected(newEtag, e.getMessage());
            return;
        } catch (IOException e) {
            rejected(newEtag, "the target state is not valid JSON (" + e.getMessage() + ")");
            return;
        }
        Offer offer = intake.offer(endpoint, target, options.orElse(ApplyOptions.DEFAULT));
        if (offer.outcome() == Offer.Outcome.REFUSED) {
            throw new CloudException(answer.status(), "The target state could not be taken: " + offer.reason(),
                    Optional.empty());
        }
        rejectedEtag = "";
        if (!newEtag.isEmpty()) {
            records.put(ETAG, CloudOfDevice.of(device) + "\n" + newEtag);
        }
    }

    private void rejected(String etag, String reason) {
        rejectedEtag = etag;
        log.system("Could not move to new release: " + reason, true);
    }

    /** The stored ETag, if it is of this endpoint and device (a re-provisioned device starts afresh). */
    static Optional<String> storedEtag(Records records, DeviceIdentity device) throws StoreException {
        String prefix = CloudOfDevice.of(device) + "\n";
        return records.get(ETAG).filter(v -> v.startsWith(prefix)).map(v -> v.substring(prefix.length()));
    }

    /**
     * The document without the apps a device does not run: balenaCloud lists the host OS and the supervisor as
     * apps of every device, and a target must not be refused for them.
     */
    static byte[] runnable(byte[] body, String uuid) throws IOException {
        JsonNode tree = Json.tree(body);
        JsonNode apps = tree.path(uuid).path("apps");
        if (apps instanceof ObjectNode objects) {
            for (Iterator<Map.Entry<String, JsonNode>> i = objects.fields(); i.hasNext();) {
                Map.Entry<String, JsonNode> app = i.next();
                if (SUPERVISOR_APPS.contains(app.getKey()) || app.getValue().path("is_host").asBoolean(false)) {
                    i.remove();
                }
            }
            return Json.bytes(tree);
        }
        return body;
    }
}
