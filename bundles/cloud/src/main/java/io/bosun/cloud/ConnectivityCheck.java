package io.bosun.cloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * balena's connectivity monitor (spec §9): a TCP connection to the API's host and port. While the VPN is up (its
 * status folder holds {@code active}) the device is connected by definition and nothing is tried. The result is
 * shown in {@code /v1/device} and the logs, never as an unhealthy supervisor.
 */
final class ConnectivityCheck {
    private final Path vpnStatusDir;

    ConnectivityCheck(Path vpnStatusDir) {
        this.vpnStatusDir = vpnStatusDir;
    }

    boolean vpnActive() {
        return Files.exists(vpnStatusDir.resolve("active"));
    }

    /** Whether the API's host takes a TCP connection within the timeout. */
    static boolean reachable(String endpoint, Duration timeout) {
        URI uri = URI.create(endpoint);
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        if (uri.getHost() == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
