package io.bosun.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bosun.spi.api.ApiCall;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.keys.KeyHolder;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One call of a route: the request, the parameters of its path, and who is calling (the device itself when auth
 * is off, as in local mode). What every route gets; the built-in ones also read the body as JSON here.
 */
record Call(Request request, Map<String, String> pathParams, KeyHolder caller) implements ApiCall {

    Call {
        pathParams = Map.copyOf(pathParams);
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String path() {
        return request.path();
    }

    @Override
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    @Override
    public Map<String, List<String>> query() {
        return request.query();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.headers().get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public byte[] body() {
        return request.body();
    }

    /** The JSON body; an empty body is an empty object, a body that is not JSON a 400. */
    JsonNode json() throws ApiRouteException {
        if (request.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw new ApiRouteException(ApiResponse.failed(400, "The body is not valid JSON: " + e.getMessage()));
        }
    }

    /** {@code force} of the body, as balena reads it. */
    boolean force() throws ApiRouteException {
        return json().path("force").asBoolean(false);
    }

    /** A numeric app id from a path parameter or body field; empty when absent or not a number. */
    static Optional<Long> appId(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
