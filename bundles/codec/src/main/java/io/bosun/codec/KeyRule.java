package io.bosun.codec;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** What the keys of one kind of JSON object must look like (balena's io-ts key types). */
enum KeyRule {
    /** Keys that balena does not check (composition, driver options, labels of volumes and networks). */
    ANY(null, key -> true),
    /** A ShortString key: app uuids, release commits. */
    SHORT_STRING(null, key -> true),
    CONFIG_VARIABLE("config variable name", Pattern.compile("[a-zA-Z_][a-zA-Z0-9_:]*").asMatchPredicate()),
    ENV_VARIABLE("variable name", Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*").asMatchPredicate()),
    LABEL("label name", KeyRule::isLabelName),
    SERVICE_NAME("service name", KeyRule::isDockerName),
    VOLUME_NAME("volume name", KeyRule::isDockerName),
    NETWORK_NAME("network name", KeyRule::isDockerName);

    static final int MAX_LENGTH = 255;
    private static final Predicate<String> DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*").asMatchPredicate();

    private final String what;
    private final Predicate<String> accepts;

    KeyRule(String what, Predicate<String> accepts) {
        this.what = what;
        this.accepts = accepts;
    }

    /** The rule the key breaks, if any, worded for a violation on the path of the object holding the key. */
    Optional<String> check(String key) {
        return checkName(key).map(broken -> "key " + broken);
    }

    /** The rule the name breaks, if any, worded for a violation on the path of the name itself. */
    Optional<String> checkName(String name) {
        if (this == ANY) {
            return Optional.empty();
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of(Quoting.quote(name) + " is longer than " + MAX_LENGTH + " characters");
        }
        if (!accepts.test(name)) {
            return Optional.of(Quoting.quote(name) + " is not a valid " + what);
        }
        return Optional.empty();
    }

    static boolean isDockerName(String name) {
        return DOCKER_NAME.test(name);
    }

    /** Printable ASCII except space, double quote, single quote and backtick; at least one character. */
    private static boolean isLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~' || c == '"' || c == '\'' || c == '`') {
                return false;
            }
        }
        return true;
    }
}
