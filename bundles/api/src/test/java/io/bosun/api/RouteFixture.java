package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.config.DeviceIdentity;
import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.config.SupervisorSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What route tests share: a device's uuid and configuration over a folder, requests, and answers as sent. */
final class RouteFixture {
    static final String UUID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private RouteFixture() {
    }

    static Request request(String method, String path, String body) {
        return new Request(method, path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The body as it goes over the wire: field order matters to balena's clients. */
    static String wire(ApiResponse reply) throws IOException {
        return reply.isText() ? (String) reply.body() : Json.MAPPER.writeValueAsString(reply.body());
    }

    record Config(Path dir, Path configJson) implements SupervisorConfig {
        @Override
        public SupervisorSettings settings() {
            return new SupervisorSettings(dir.resolve("data"), "127.0.0.1", 0, configJson,
                    URI.create("unix:///var/run/docker.sock"), dir.resolve("locks"));
        }

        @Override
        public DeviceIdentity device() {
            return new DeviceIdentity(UUID, Optional.of("https://api.example.com"), null, null);
        }

        @Override
        public String version() {
            return "test";
        }
    }
}
