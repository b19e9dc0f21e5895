package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.keys.ApiKeys;
import io.bosun.spi.keys.KeyHolder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may call what (spec §5.1, §11.4 cases 41, 43, 44), and that no route escapes the check. */
class AuthTest {
    static final String GLOBAL = "globalkey0123";
    static final String SCOPED_111 = "scopedkey111";

    /** Keys held in memory: the router's contract with the keys service, without a store. */
    static final ApiKeys KEYS = new ApiKeys() {
        private final Map<String, KeyHolder> holders = Map.of(GLOBAL, KeyHolder.DEVICE,
                SCOPED_111, new KeyHolder(false, 111, Optional.of("one")));

        @Override
        public String globalKey() {
            return GLOBAL;
        }

        @Override
        public String keyFor(long appId, String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<KeyHolder> holderOf(String presented) {
            return Optional.ofNullable(holders.get(presented));
        }

        @Override
        public Optional<String> regenerate(String presented) {
            throw new UnsupportedOperationException();
        }
    };

    static final Router.Auth ON = new Router.Auth() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<ApiKeys> keys() {
            return Optional.of(KEYS);
        }
    };

    private final Router router = new Router(List.of(
            new Route("GET", "/ping", false, () -> Reply.text(200, "OK")),
            new Route("GET", "/any", true, () -> Reply.text(200, "any")),
            new Route("POST", "/device", Access.DEVICE_KEY, c -> Reply.text(200, "device")),
            new Route("POST", "/apps/:appId/act", Access.ANY_KEY, c -> {
                c.requireApp(Long.parseLong(c.pathParam("appId")), Reply.failed(401, "Unauthorized"));
                return Reply.text(200, "acted on " + c.pathParam("appId"));
            })), ON);

    private static Request get(String path, Map<String, List<String>> query, Map<String, String> headers) {
        return new Request("GET", path, query, headers, new byte[0]);
    }

    @Test
    void pingNeedsNoKey() {
        assertEquals(200, router.answer(get("/ping", Map.of(), Map.of())).status());
    }

    @Test
    void noKeyIsUnauthorized() {
        assertEquals(Reply.text(401, "Unauthorized"), router.answer(get("/any", Map.of(), Map.of())));
    }

    @Test
    void theApikeyQueryParameterCountsOnlyUnderItsExactName() {
        assertEquals(200, router.answer(get("/any", Map.of("apikey", List.of(GLOBAL)), Map.of())).status());
        assertEquals(401, router.answer(get("/any", Map.of("ApiKey", List.of(GLOBAL)), Map.of())).status());
        assertEquals(401, router.answer(get("/any", Map.of("APIKEY", List.of(GLOBAL)), Map.of())).status());
    }

    @Test
    void theAuthorizationHeaderTakesBearerOrApiKeyInAnyCase() {
        for (String scheme : List.of("Bearer", "bearer", "BEARER", "ApiKey", "apikey", "APIKEY")) {
            assertEquals(200, router.answer(get("/any", Map.of(), Map.of("authorization", scheme + " " + GLOBAL)))
                    .status(), scheme);
        }
        assertEquals(401, router.answer(get("/any", Map.of(), Map.of("authorization", "Bearer wrong"))).status());
        assertEquals(401, router.answer(get("/any", Map.of(), Map.of("authorization", "Basic " + GLOBAL)))
                .status());
    }

    @Test
    void aScopedKeyActsOnItsOwnAppOnly() {
        Map<String, String> scoped = Map.of("authorization", "Bearer " + SCOPED_111);
        assertEquals(Reply.text(200, "acted on 111"), router.answer(new Request("POST", "/apps/111/act", Map.of(),
                scoped, new byte[0])));
        assertEquals(401, router.answer(new Request("POST", "/apps/222/act", Map.of(), scoped, new byte[0]))
                .status());
        assertEquals(200, router.answer(new Request("POST", "/apps/222/act", Map.of(),
                Map.of("authorization", "Bearer " + GLOBAL), new byte[0])).status(), "the global key acts on all");
    }

    @Test
    void deviceWideActionsNeedTheGlobalKey() {
        assertEquals(401, router.answer(new Request("POST", "/device", Map.of(),
                Map.of("authorization", "Bearer " + SCOPED_111), new byte[0])).status());
        assertEquals(200, router.answer(new Request("POST", "/device", Map.of(),
                Map.of("authorization", "Bearer " + GLOBAL), new byte[0])).status());
    }

    @Test
    void anUnknownPathIsUnauthorizedWithoutAKeyAndNotFoundWithOne() {
        assertEquals(401, router.answer(get("/nothing", Map.of(), Map.of())).status());
        assertEquals(404, router.answer(get("/nothing", Map.of("apikey", List.of(GLOBAL)), Map.of())).status());
    }

    @Test
    void everyRouteOfTheApiButLivenessAndHealthNeedsAKey() {
        Router api = new Router(new DeviceApi(Optional::empty, List::of).routes(), ON);
        for (Route route : api.routes()) {
            String path = route.path().replace(":appId", "111");
            Reply reply = api.answer(new Request(route.method(), path, Map.of(), Map.of(),
                    "{\"appId\":111}".getBytes(StandardCharsets.UTF_8)));
            if (route.path().equals("/ping") || route.path().equals("/v1/healthy")) {
                assertEquals(false, route.authenticated(), route.path());
            } else {
                assertEquals(401, reply.status(), route.method() + " " + route.path() + " answered without a key");
            }
        }
    }

    @Test
    void withAuthOffEveryCallIsTheDevices() {
        Router open = new Router(router.routes());
        assertEquals(200, open.answer(new Request("POST", "/apps/222/act", Map.of(), Map.of(), new byte[0]))
                .status());
        assertEquals(200, open.answer(new Request("POST", "/device", Map.of(), Map.of(), new byte[0])).status());
    }
}
