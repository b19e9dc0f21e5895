package io.bosun.spi.api;

/** A route's own answer to a bad request, thrown from deep in a handler. */
public class ApiRouteException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ApiResponse response;

    public ApiRouteException(ApiResponse response) {
        super(String.valueOf(response.body()));
        this.response = response;
    }

    public ApiResponse response() {
        return response;
    }
}
