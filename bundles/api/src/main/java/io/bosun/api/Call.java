package io.bosun.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bosun.spi.keys.KeyHolder;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * One call of a route: the request, the parameters of its path, and who is calling (the device itself when auth
 * is off, as in local mode).
 */
record Call(Request request, Map<String, String> pathParams, KeyHolder caller) {

    Call {
        pathParams = Map.copyOf(pathParams);
    }

    String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The JSON body; an empty body is an empty object, a body that is not JSON a 400. */
    JsonNode body() throws ApiException {
        if (request.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw new ApiException(Reply.failed(400, "The body is not valid JSON: " + e.getMessage()));
        }
    }

    /** {@code force} of the body, as balena reads it. */
    boolean force() throws ApiException {
        return body().path("force").asBoolean(false);
    }

    /** Fails with 401 unless the caller may act on the app: a scoped key acts on its own app only. */
    void requireApp(long appId, Reply unauthorized) throws ApiException {
        if (!caller.mayActOn(appId)) {
            throw new ApiException(unauthorized);
        }
    }

    /** A numeric app id from a path parameter or body field; empty when absent or not a number. */
    static Optional<Long> appId(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
