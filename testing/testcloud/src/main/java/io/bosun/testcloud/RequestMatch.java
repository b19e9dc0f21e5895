package io.bosun.testcloud;

/** How tests name requests: a method ("*" or null for any) and a prefix of the path with its query. */
final class RequestMatch {
    private RequestMatch() {
    }

    static boolean matches(String method, String pathPrefix, String actualMethod, String actualTarget) {
        boolean anyMethod = method == null || "*".equals(method);
        return (anyMethod || method.equalsIgnoreCase(actualMethod))
                && (pathPrefix == null || actualTarget.startsWith(pathPrefix));
    }

    static String describe(String method, String pathPrefix) {
        return (method == null ? "*" : method) + " " + (pathPrefix == null ? "" : pathPrefix) + "*";
    }
}
