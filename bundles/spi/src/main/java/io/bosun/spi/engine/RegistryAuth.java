package io.bosun.spi.engine;

import java.util.Objects;

/** Credentials for a registry; balena devices use {@code d_<uuid>} and the device API key. */
public record RegistryAuth(String username, String password, String serverAddress) {

    public RegistryAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(serverAddress, "serverAddress");
    }

    @Override
    public String toString() {
        return "RegistryAuth[username=" + username + ", password=hidden, serverAddress=" + serverAddress + "]";
    }
}
