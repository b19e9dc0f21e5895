package io.bosun.codec;

/** How a field may be left out, following balena's io-ts combinators. */
enum Presence {
    /** {@code t.type}: a missing field is a violation; null is a value of the wrong type. */
    REQUIRED,
    /** {@code t.partial}: a missing field is fine; null is a value of the wrong type. */
    OPTIONAL,
    /** {@code withDefault}: missing and null both take the default (balena applies defaults with {@code ??}). */
    DEFAULTED,
    /** Parts balena does not validate (volume and network fields): missing and null both mean "not given". */
    LENIENT
}
