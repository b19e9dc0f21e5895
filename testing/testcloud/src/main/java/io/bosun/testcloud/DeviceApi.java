package io.bosun.testcloud;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/** The openBalena device API: the routes in turn, 404 for anything none of them knows. */
final class DeviceApi implements RequestHandler {
    private static final Pattern LOG_STREAM = Pattern.compile("/device/v2/[^/]+/log-stream/?");

    private final List<Route> routes;

    DeviceApi(CloudModel model) {
        this.routes = List.of(new InfoRoutes(), new ProvisioningRoutes(model), new DeviceResourceRoutes(model),
                new StateRoutes(model), new LogRoutes(model));
    }

    @Override
    public boolean isStreaming(RequestHead head) {
        return "POST".equals(head.method()) && LOG_STREAM.matcher(head.path()).matches();
    }

    @Override
    public Response handle(Exchange exchange) throws IOException, InterruptedException {
        for (Route route : routes) {
            Response response = route.handle(exchange);
            if (response != null) {
                return response;
            }
        }
        return Response.status(404);
    }
}
