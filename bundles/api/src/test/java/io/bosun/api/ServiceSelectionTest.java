package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import static io.bosun.api.Fixtures.app;
import static io.bosun.api.Fixtures.container;
import static io.bosun.api.Fixtures.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceStatus;
import io.bosun.spi.target.TargetRelease;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which container a service action picks, and balena's answers when there is none (spec §5.2, case 46). */
class ServiceSelectionTest {
    private final ContainerView server = container("c1", 1, "server", 11, "abc", ServiceStatus.RUNNING);
    private final ContainerView worker = container("c2", 1, "worker", 12, "abc", ServiceStatus.RUNNING);
    private final Optional<TargetRelease> release = app(1, "app", "abc",
            List.of(service("server", 11), service("worker", 12)), List.of()).release();

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void theBodyNamesAServiceByNameOrByImageIdAsNumberOrNumericString() throws Exception {
        assertEquals(new ServiceQuery(Optional.of("test"), Optional.empty()),
                ServiceQuery.of(json("{\"serviceName\":\"test\"}")));
        assertEquals(new ServiceQuery(Optional.empty(), Optional.of(111L)), ServiceQuery.of(json("{\"imageId\":111}")));
        assertEquals(new ServiceQuery(Optional.empty(), Optional.of(111L)),
                ServiceQuery.of(json("{\"imageId\":\"111\"}")));
    }

    @Test
    void anEmptyNameAZeroOrNonNumericImageIdOrNoBodyNamesNothing() throws Exception {
        assertFalse(ServiceQuery.of(json("{\"serviceName\":\"\",\"imageId\":0}")).names());
        assertFalse(ServiceQuery.of(json("{\"imageId\":\"eleven\",\"serviceName\":5}")).names());
        assertFalse(ServiceQuery.of(MissingNode.getInstance()).names());
    }

    @Test
    void theOnlyContainerOfAnAppNeedsNoName() throws Exception {
        ServiceSelection.Selected selected = ServiceSelection.select(List.of(server), release, ServiceQuery.NONE,
                false);
        assertEquals(server, selected.container());
        assertEquals("server", selected.target().name());
    }

    @Test
    void aNameOrAnImageIdPicksItsContainer() throws Exception {
        assertEquals(worker, ServiceSelection.select(List.of(server, worker), release,
                new ServiceQuery(Optional.of("worker"), Optional.empty()), false).container());
        assertEquals(worker, ServiceSelection.select(List.of(server, worker), release,
                new ServiceQuery(Optional.empty(), Optional.of(12L)), false).container());
    }

    @Test
    void aMultiContainerAppNeedsANameInV1AndV2() {
        String text = "serviceName or imageId parameters were not provided or the app is multi-container. "
                + "Use the v2 service action endpoints.";
        for (boolean legacy : new boolean[] {true, false}) {
            ApiRouteException e = assertThrows(ApiRouteException.class, () -> ServiceSelection.select(List.of(server, worker),
                    release, ServiceQuery.NONE, legacy));
            assertEquals(ApiResponse.text(400, text), e.response());
        }
    }

    @Test
    void anAppWithoutContainersIsNotFound404InV2And400InV1() {
        ApiRouteException v2 = assertThrows(ApiRouteException.class,
                () -> ServiceSelection.select(List.of(), release, ServiceQuery.NONE, false));
        assertEquals(404, v2.response().status());
        assertTrue(((String) v2.response().body()).startsWith("App not found: an app needs to be installed"));
        ApiRouteException v1 = assertThrows(ApiRouteException.class,
                () -> ServiceSelection.select(List.of(), release, ServiceQuery.NONE, true));
        assertEquals(400, v1.response().status());
    }

    @Test
    void aNameThatMatchesNoContainerIsNotFound() {
        ApiRouteException e = assertThrows(ApiRouteException.class, () -> ServiceSelection.select(List.of(server), release,
                new ServiceQuery(Optional.of("nothing"), Optional.empty()), false));
        assertEquals(ApiResponse.text(404, "Service not found, a container must exist for this endpoint to work"),
                e.response());
    }

    @Test
    void aServiceMissingFromTheTargetReleaseIs404() {
        Optional<TargetRelease> other = app(1, "app", "abc", List.of(service("web", 99)), List.of()).release();
        for (Optional<TargetRelease> r : List.of(other, Optional.<TargetRelease>empty())) {
            ApiRouteException e = assertThrows(ApiRouteException.class,
                    () -> ServiceSelection.select(List.of(server), r, ServiceQuery.NONE, true));
            assertEquals(ApiResponse.text(404, "Service does not exist in target release"), e.response());
        }
    }
}
