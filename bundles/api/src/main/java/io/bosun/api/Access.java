package io.bosun.api;

/** Who may call a route. App scoping is checked by the routes that name an app (see {@link Call#requireApp}). */
enum Access {
    /** Anyone: liveness and health. */
    OPEN,
    /** Any valid key, global or scoped. */
    ANY_KEY,
    /** The global key only: device-wide actions (Bosun enforces this; balena lets any key through). */
    DEVICE_KEY
}
