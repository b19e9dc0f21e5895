package io.bosun.testcloud;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * ETags the way Express makes them for {@code res.json} (the {@code etag} package, weak): {@code W/"<body length
 * in hex>-<first 27 characters of the base64 SHA-1 of the body>"}. Any change to the body changes the tag.
 */
final class WeakEtag {
    private WeakEtag() {
    }

    static String of(byte[] body) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(body);
            String hash = Base64.getEncoder().encodeToString(sha1).substring(0, 27);
            return "W/\"" + Integer.toHexString(body.length) + "-" + hash + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * Whether {@code If-None-Match} names the current tag. Like Express's {@code fresh}, the comparison is weak
     * (a {@code W/} prefix is ignored), a list of tags may be sent, and {@code *} matches anything.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
