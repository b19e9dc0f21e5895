package io.bosun.example.vendor;

import static io.bosun.spi.api.ApiResponse.fields;

import io.bosun.spi.api.Access;
import io.bosun.spi.api.ApiCall;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRoute;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /v2/vendor/example}: which build answers and how many log records its sink has seen, so that a
 * caller can tell after an update (or a rollback) which of the three builds runs and that its sink is wired.
 */
@Component(service = ApiRoute.class, immediate = true)
public final class ExampleRoute implements ApiRoute {
    static final String PATH = "/v2/vendor/example";

    // Optional, so that SCR always runs this component's own activation: with a mandatory reference the broken
    // build's route would wait, merely SATISFIED, for a sink that never comes, instead of failing like the others.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ExampleLogSink sink;
    private Build build;

    public ExampleRoute() {
    }

    /** For tests, without a framework. */
    ExampleRoute(Build build, ExampleLogSink sink) {
        this.build = build.requireActivation();
        this.sink = sink;
    }

    @Activate
    void activate(BundleContext context) {
        build = Build.of(context.getBundle()).requireActivation();
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Access access() {
        return Access.ANY_KEY;
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        ExampleLogSink current = sink;
        if (current == null) {
            return ApiResponse.unavailable("the example's log sink");
        }
        return ApiResponse.json(200, fields("status", "success", "vendor", "example",
                "variant", build.variant().header(), "version", build.version(), "logsSeen", current.seen()));
    }
}
