package io.bosun.testcloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes over the cloud's model, declared as a table of endpoints (a method and a pattern of the whole path),
 * so that each route class says only which requests it answers and how, not again how to match them.
 */
abstract class EndpointRoutes implements Route {
    final CloudModel model;
    private final List<Endpoint> endpoints = new ArrayList<>();

    EndpointRoutes(CloudModel model) {
        this.model = model;
    }

    /** Answers {@code method} requests whose path matches {@code path}; the first endpoint added that matches wins. */
    final void on(String method, Pattern path, Answer answer) {
        endpoints.add(new Endpoint(method, path, answer));
    }

    final void on(String method, String pathPattern, Answer answer) {
        on(method, Pattern.compile(pathPattern), answer);
    }

    @Override
    public final Response handle(Exchange exchange) throws IOException {
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.method().equals(exchange.method())) {
                continue;
            }
            Matcher path = endpoint.path().matcher(exchange.path());
            if (path.matches()) {
                return endpoint.answer().answer(exchange, path);
            }
        }
        return null;
    }

    /** How one endpoint answers; {@code path} is the matched path, for the pattern's groups. */
    @FunctionalInterface
    interface Answer {
        Response answer(Exchange exchange, Matcher path) throws IOException;
    }

    private record Endpoint(String method, Pattern path, Answer answer) {
    }
}
