package io.bosun.cloud;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The connector's own settings ({@code io.bosun.cloud}, written by the config bundle). The intervals are balena's
 * and are settings only so that tests and benches can shorten them; the device configuration variables (poll
 * interval, timeouts, log control, metrics) come from the cloud's target.
 */
@ObjectClassDefinition(name = "Bosun cloud connector")
@interface CloudSettings {
    String PID = "io.bosun.cloud";

    @AttributeDefinition(description = "The VPN status folder: the connectivity check pauses while it holds 'active'")
    String vpnStatusDir() default "/run/openvpn/vpn_status";

    @AttributeDefinition(description = "Least time between two state reports, in ms (balena: 10 s)")
    long reportIntervalMillis() default 10_000;

    @AttributeDefinition(description = "Least time between two reports of metrics alone, in ms (balena: 300 s)")
    long metricsIntervalMillis() default 300_000;

    @AttributeDefinition(description = "Time between two connectivity checks, in ms (balena: 10 s)")
    long connectivityIntervalMillis() default 10_000;

    @AttributeDefinition(description = "The most random delay added to each poll, in ms (balena: 60 s); a poll "
            + "waits at most a tenth of its interval more")
    long pollJitterMillis() default 60_000;
}
