package io.bosun.testcloud;

/** Whom an API key speaks for; what a key may do follows from this alone (openBalena's key roles). */
sealed interface KeyOwner {

    /** A fleet's provisioning key: it may create devices in that fleet and nothing else. */
    record Provisioning(long fleetId) implements KeyOwner {
    }

    /** A device's own key: it may read and change that device only. */
    record OfDevice(String uuid) implements KeyOwner {
    }

    default boolean isDevice(String uuid) {
        return this instanceof OfDevice device && device.uuid().equals(uuid);
    }
}
