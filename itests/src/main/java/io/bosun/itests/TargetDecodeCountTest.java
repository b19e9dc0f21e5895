package io.bosun.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.intake.TargetIntake;
import io.bosun.spi.reconcile.ApplyOptions;
import io.bosun.spi.reconcile.Reconciler;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Which target runs is one cached fact: a new target is decoded once, when it arrives, and no request decodes a
 * stored one. Counted with a codec that every consumer binds to (it outranks the codec bundle's; the references
 * are greedy) and that hands each call on to the real one.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class TargetDecodeCountTest {
    static final long APP = 7971;

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    TargetStateCodec codec;
    @InjectService(timeout = 10_000)
    Reconciler reconciler;
    @InjectService(timeout = 10_000)
    TargetIntake intake;
    @InjectService(timeout = 10_000)
    SupervisorConfig config;

    @AfterEach
    void clean() throws Exception {
        Targets.offer(intake, Targets.empty(config.device().uuid()), ApplyOptions.DEFAULT);
        reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
        Docker.clean(APP, Long.toString(APP));
    }

    /** Regression: a local POST decoded the target 7 times and every keyed GET twice. */
    @Test
    void aLocalPostDecodesItsBodyOnceAndNoRequestDecodesTheStoredTarget() throws Exception {
        DeviceApiHttp api = DeviceApiHttp.of(context);
        Counting counting = new Counting(codec);
        // Service events are delivered synchronously: the greedy references have moved when this returns.
        ServiceRegistration<TargetStateCodec> registration = context.registerService(TargetStateCodec.class,
                counting, new Hashtable<>(Map.of(Constants.SERVICE_RANKING, 1000)));
        try {
            DeviceApiHttp.Answer posted = api.send("POST", "/v2/local/target-state", """
                    {"local": {"name": "decode-count", "config": {}, "apps": {"%d": {"name": "counted",
                      "commit": "c0ffee", "releaseId": 1, "services": {"1": {"serviceName": "main", "imageId": 11,
                        "image": "%s", "environment": {}, "labels": {}, "command": "sleep 3600",
                        "stop_signal": "SIGKILL"}}, "volumes": {}, "networks": {}}}}}
                    """.formatted(APP, Docker.image("box:1")));
            assertEquals(200, posted.status(), posted.body());
            reconciler.settled().toCompletableFuture().get(90, TimeUnit.SECONDS);
            assertEquals(1, counting.decodes.get(), "the posted body, once");

            for (int i = 0; i < 10; i++) {
                for (String path : List.of("/v2/state/status", "/v2/local/target-state", "/v1/device",
                        "/v2/applications/state", "/v2/device/name", "/v2/containerId", "/v1/apps/" + APP)) {
                    DeviceApiHttp.Answer answer = api.get(path);
                    assertEquals(200, answer.status(), path + ": " + answer.body());
                }
            }
            assertEquals(1, counting.decodes.get(), "no request decoded a stored target");
        } finally {
            registration.unregister();
        }
    }

    /** Hands every call on to the real codec, counting the decodes. */
    static final class Counting implements TargetStateCodec {
        final AtomicInteger decodes = new AtomicInteger();
        private final TargetStateCodec real;

        Counting(TargetStateCodec real) {
            this.real = real;
        }

        @Override
        public TargetState readV3(byte[] json, String deviceUuid) throws InvalidTargetStateException {
            decodes.incrementAndGet();
            return real.readV3(json, deviceUuid);
        }

        @Override
        public TargetState readV2(byte[] json, String deviceUuid, String currentDeviceName)
                throws InvalidTargetStateException {
            decodes.incrementAndGet();
            return real.readV2(json, deviceUuid, currentDeviceName);
        }

        @Override
        public byte[] writeV3(TargetState target) {
            return real.writeV3(target);
        }
    }
}
