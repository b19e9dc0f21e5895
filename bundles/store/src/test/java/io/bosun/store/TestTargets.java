package io.bosun.store;

import io.bosun.codec.JacksonTargetStateCodec;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.nio.charset.StandardCharsets;

/** Targets for the tests, read by the real codec from v3 documents so that they are what the runtime stores. */
final class TestTargets {
    static final String DEVICE = "dev1";
    static final TargetStateCodec CODEC = new JacksonTargetStateCodec();

    private TestTargets() {
    }

    /** A target with two apps (one without a release), services with composition, volumes and networks. */
    static TargetState rich() {
        return read("""
                {"dev1": {"name": "gateway-7",
                  "config": {"BALENA_SUPERVISOR_POLL_INTERVAL": "900000", "RESIN_HOST_CONFIG_gpu_mem": "64"},
                  "apps": {
                    "app1uuid": {"id": 17, "name": "sensors", "class": "fleet",
                      "releases": {"rel1commit": {"id": 300,
                        "services": {
                          "main": {"id": 41, "image_id": 4100, "image": "registry2.example/sensors/main",
                            "environment": {"MODE": "prod"}, "labels": {"io.balena.features.supervisor-api": "1"},
                            "running": true,
                            "contract": {"type": "sw.container", "requires": [{"type": "sw.supervisor"}]},
                            "composition": {"environment": ["EXTRA=1"], "ports": ["80:8080"], "cpus": 1.5,
                              "mem_limit": 536870912, "privileged": true, "nothing": null,
                              "healthcheck": {"test": ["CMD", "true"], "retries": 3}}},
                          "worker": {"id": 42, "image_id": 4200, "image": "127.0.0.1:5000/worker:v2",
                            "environment": {}, "labels": {}, "running": false}},
                        "volumes": {"data": {"driver": "local", "driver_opts": {"type": "tmpfs"}}, "cache": {}},
                        "networks": {"backend": {"driver": "bridge", "internal": true,
                          "ipam": {"driver": "default", "config": [{"subnet": "192.168.91.0/24"}]}}}}}},
                    "block1uuid": {"id": 18, "name": "bluetooth", "class": "block", "parent_app": "app1uuid",
                      "releases": {}}}}}
                """);
    }

    /** A small target with one app and one service; {@code tag} marks every field that can carry it. */
    static TargetState simple(String tag) {
        return read("""
                {"dev1": {"name": "device-%1$s", "config": {"BALENA_TAG": "%1$s"},
                  "apps": {"app-%1$s": {"id": 1, "name": "app-%1$s", "class": "fleet",
                    "releases": {"commit-%1$s": {"id": 2,
                      "services": {"main": {"id": 3, "image_id": 4, "image": "busybox:%1$s",
                        "environment": {"TAG": "%1$s"}, "labels": {}}},
                      "volumes": {}, "networks": {}}}}}}}
                """.formatted(tag));
    }

    /**
     * A target of several pages' worth in which every field that can carry a number carries {@code n}: if the
     * stored target equals {@code numbered(k)} for the k of its name, no part of it comes from another write.
     */
    static TargetState numbered(long n) {
        String filler = "x".repeat(6000);
        String services = """
                "main": {"id": %1$d, "image_id": %1$d, "image": "registry.example/app:%1$d",
                  "environment": {"COUNTER": "%1$d"}, "labels": {"counter": "%1$d"},
                  "composition": {"command": ["run", "%1$d"], "filler": "%2$s-%1$d"}},
                "side": {"id": %1$d, "image_id": %1$d, "image": "registry.example/side:%1$d",
                  "environment": {"COUNTER": "%1$d"}, "labels": {},
                  "composition": {"filler": "%2$s-%1$d"}}""".formatted(n, filler);
        StringBuilder apps = new StringBuilder();
        for (int app = 1; app <= 3; app++) {
            if (app > 1) {
                apps.append(',');
            }
            apps.append("""
                    "app%1$d": {"id": %1$d, "name": "app%1$d-%2$d", "class": "fleet",
                      "releases": {"%3$s": {"id": %2$d, "services": {%4$s}, "volumes": {}, "networks": {}}}}"""
                    .formatted(app, n, commit(n), services));
        }
        return read("""
                {"dev1": {"name": "device-%1$d", "config": {"BALENA_COUNTER": "%1$d"}, "apps": {%2$s}}}
                """.formatted(n, apps));
    }

    /** The release commit of {@code numbered(n)}. */
    static String commit(long n) {
        return "%032x".formatted(n);
    }

    /** The n that {@link #numbered(long)} put in the device name. */
    static long counterOf(TargetState target) {
        return Long.parseLong(target.name().substring("device-".length()));
    }

    static TargetState read(String json) {
        try {
            return CODEC.readV3(json.getBytes(StandardCharsets.UTF_8), DEVICE);
        } catch (InvalidTargetStateException e) {
            throw new AssertionError("a test target is invalid: " + e.getMessage(), e);
        }
    }

    static byte[] v3(TargetState target) {
        return CODEC.writeV3(target);
    }
}
