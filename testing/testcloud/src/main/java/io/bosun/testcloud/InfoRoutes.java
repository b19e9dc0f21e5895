package io.bosun.testcloud;

import java.nio.charset.StandardCharsets;

/** The unauthenticated endpoints a device may touch: {@code /ping} and the OS config. */
final class InfoRoutes implements Route {

    @Override
    public Response handle(Exchange exchange) {
        if (!"GET".equals(exchange.method())) {
            return null;
        }
        String path = exchange.path();
        if (path.equals("/ping")) {
            return Response.text(200, "OK");
        }
        if (path.equals("/os/v1/config") || path.equals("/os/v1/config/")) {
            // openBalena lists its VPN and other OS services here; no device under test reads them.
            return Response.json(200, "{\"services\":{},\"config\":{}}".getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}
