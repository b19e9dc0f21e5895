package io.bosun.codec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises image references the way balena does before it stores a target: {@code repo} becomes
 * {@code repo:latest}, a reference with a digest keeps the digest and drops its tag. The registry part is
 * everything up to the first {@code /} that follows a {@code .} or {@code :} (or a leading {@code localhost/}),
 * so {@code 127.0.0.1:5000/app} has no tag and becomes {@code 127.0.0.1:5000/app:latest}.
 */
final class ImageNames {
    private static final String LOCALHOST = "localhost/";
    private static final String DEFAULT_TAG = "latest";
    /** OCI digest: algorithm ':' encoded, the encoded part at least 32 hex characters. */
    private static final Pattern DIGEST =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F-]{32,}");

    private ImageNames() {
    }

    static String rule(String reference) {
        return Quoting.quote(reference) + " is not a valid image reference ([registry/]repository[:tag][@digest])";
    }

    /** The normalised reference, or empty when balena could not parse it either. */
    static Optional<String> normalise(String reference) {
        if (reference.isEmpty() || containsLineTerminator(reference)) {
            return Optional.empty();
        }
        int registryEnd = registryEnd(reference);
        String remainder = reference.substring(registryEnd + 1);
        // The repository name takes at least one character, then runs to the first ':' (tag) or '@' (digest).
        int nameEnd = indexOfTagOrDigest(remainder);
        String repository = reference.substring(0, registryEnd + 1 + nameEnd);
        String tag = null;
        String digest = null;
        if (nameEnd < remainder.length()) {
            String afterName = remainder.substring(nameEnd + 1);
            if (remainder.charAt(nameEnd) == '@') {
                digest = afterName;
            } else {
                int at = afterName.indexOf('@');
                tag = at < 0 ? afterName : afterName.substring(0, at);
                digest = at < 0 ? null : afterName.substring(at + 1);
            }
        }
        if (digest != null && !digest.isEmpty()) {
            return DIGEST.matcher(digest).matches() ? Optional.of(repository + "@" + digest) : Optional.empty();
        }
        return Optional.of(repository + ":" + (tag == null || tag.isEmpty() ? DEFAULT_TAG : tag));
    }

    /** Index of the '/' that ends the registry part, or -1 when there is no registry. */
    private static int registryEnd(String reference) {
        if (reference.startsWith(LOCALHOST) && reference.length() > LOCALHOST.length()) {
            return LOCALHOST.length() - 1;
        }
        int separator = firstIndexOf(reference, ".:", 0);
        if (separator < 0) {
            return -1;
        }
        int slash = reference.indexOf('/', separator + 1);
        // A registry needs a repository after it.
        return slash < 0 || slash == reference.length() - 1 ? -1 : slash;
    }

    private static int indexOfTagOrDigest(String remainder) {
        int index = firstIndexOf(remainder, ":@", 1);
        return index < 0 ? remainder.length() : index;
    }

    private static int firstIndexOf(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** balena's pattern uses JavaScript's '.', which does not match line terminators. */
    private static boolean containsLineTerminator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
