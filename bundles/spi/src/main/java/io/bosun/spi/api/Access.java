package io.bosun.spi.api;

/** Who may call a route. App scoping is checked by the routes that name an app ({@link ApiCall#requireApp}). */
public enum Access {
    /** Anyone: liveness and health. */
    OPEN,
    /** Any valid key, global or scoped to an app. */
    ANY_KEY,
    /** The global key only: device-wide actions (Bosun enforces this; balena lets any key through). */
    DEVICE_KEY
}
