package io.bosun.api;

import io.bosun.spi.api.ApiResponse;
import static io.bosun.api.RouteFixture.request;
import static io.bosun.api.RouteFixture.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.store.RecordStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code GET|PATCH /v2/device/tags} kept by the store (records of the device) (spec §5.2, §11.4 case 54 for the validation). */
class TagRoutesTest {
    private static final String SHAPE = "{\"status\":\"failed\",\"message\":\"Invalid tags body, must be an object "
            + "like `{[tagKey: string]: string}`\"}";

    final TestServices services = new TestServices();
    final TestServices.MemoryRecords records = new TestServices.MemoryRecords();
    final Router router = new Router(new TagRoutes(services.build()).routes());

    TagRoutesTest() {
        services.records = records;
    }

    private ApiResponse patch(String body) {
        return router.answer(request("PATCH", "/v2/device/tags", body));
    }

    private String get() throws Exception {
        ApiResponse reply = router.answer(request("GET", "/v2/device/tags", ""));
        assertEquals(200, reply.status());
        return wire(reply);
    }

    @Test
    void aDeviceWithoutTagsAnswersAnEmptyList() throws Exception {
        assertEquals("{\"status\":\"success\",\"tags\":[]}", get());
    }

    @Test
    void patchedTagsAreStoredMergedAndReadBackInTheOrderFirstSet() throws Exception {
        ApiResponse first = patch("{\"a\":\"1\",\"b\":\"2\"}");
        assertEquals(202, first.status());
        assertEquals("{\"status\":\"success\"}", wire(first));
        assertEquals(202, patch("{\"b\":\"two\",\"c\":\"\"}").status());
        assertEquals("{\"status\":\"success\",\"tags\":[{\"id\":null,\"name\":\"a\",\"value\":\"1\"},"
                + "{\"id\":null,\"name\":\"b\",\"value\":\"two\"},{\"id\":null,\"name\":\"c\",\"value\":\"\"}]}",
                get());
        assertEquals("{a=1, b=two, c=}", records.namespace(RecordStore.DEVICE).entries(RecordStore.TAGS).toString(),
                "kept in the store");
    }

    @Test
    void aBadBodyIsRefusedWholeAndChangesNothing() throws Exception {
        patch("{\"kept\":\"yes\"}");
        assertEquals(SHAPE, wire(patch("[\"a\"]")));
        assertEquals(SHAPE, wire(patch("\"a\"")));
        assertEquals(SHAPE, wire(patch("{\"ok\":\"1\",\"n\":1}")));
        assertEquals(SHAPE, wire(patch("{\"o\":{\"x\":\"y\"}}")));
        assertEquals(400, patch("{\"ok\":\"1\",\"has space\":\"1\"}").status());
        assertEquals("{\"status\":\"failed\",\"message\":\"Tag keys cannot contain whitespace\"}",
                wire(patch("{\"tab\\there\":\"1\"}")));
        assertEquals("{\"status\":\"failed\",\"message\":\"Tag keys cannot be empty\"}", wire(patch("{\"\":\"1\"}")));
        assertEquals(400, patch("{not json").status());
        assertEquals("{kept=yes}", records.namespace(RecordStore.DEVICE).entries(RecordStore.TAGS).toString(),
                "no part of a refused body was stored");
    }

    @Test
    void withoutTheStoreBothAnswer503() {
        services.records = null;
        assertEquals(ApiResponse.unavailable("The state store"), patch("{\"a\":\"1\"}"));
        assertEquals(503, router.answer(request("GET", "/v2/device/tags", "")).status());
    }
}
