package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.Access;
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

        @Override
        public void retainApps(java.util.Set<Long> appIds) {
            throw new UnsupportedOperationException();
        }
    };

    static final Router.Auth ON = new Router.Auth() {
        @Override
        public Optional<Boolean> enabled() {
            return Optional.of(true);
        }

        @Override
        public String whyUnknown() {
            return "";
        }

        @Override
        public Optional<ApiKeys> keys() {
            return Optional.of(KEYS);
        }
    };

    private final Router router = new Router(List.of(
            Route.of("GET", "/ping", false, () -> ApiResponse.text(200, "OK")),
            Route.of("GET", "/any", true, () -> ApiResponse.text(200, "any")),
            Route.of("POST", "/device", Access.DEVICE_KEY, c -> ApiResponse.text(200, "device")),
            Route.of("POST", "/apps/:appId/act", Access.ANY_KEY, c -> {
                c.requireApp(Long.parseLong(c.pathParam("appId")), ApiResponse.failed(401, "Unauthorized"));
                return ApiResponse.text(200, "acted on " + c.pathParam("appId"));
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
        assertEquals(ApiResponse.text(401, "Unauthorized"), router.answer(get("/any", Map.of(), Map.of())));
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
        assertEquals(ApiResponse.text(200, "acted on 111"), router.answer(new Request("POST", "/apps/111/act", Map.of(),
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
        for (ApiRoute route : api.routes()) {
            String path = route.path().replace(":appId", "111");
            ApiResponse reply = api.answer(new Request(route.method(), path, Map.of(), Map.of(),
                    "{\"appId\":111}".getBytes(StandardCharsets.UTF_8)));
            if (route.path().equals("/ping") || route.path().equals("/v1/healthy")) {
                assertEquals(false, (route.access() != io.bosun.spi.api.Access.OPEN), route.path());
            } else {
                assertEquals(401, reply.status(), route.method() + " " + route.path() + " answered without a key");
            }
        }
    }

    /**
     * Regression: while the key store was away (its bundle updated), every keyed route answered 401, which a cloud
     * proxy takes for a wrong key. It is 503, and an open route still answers.
     */
    @Test
    void whileTheKeyStoreIsAwayKeyedRoutesAnswer503NeverUnauthorized() {
        Router.Auth noKeys = new Router.Auth() {
            @Override
            public Optional<Boolean> enabled() {
                return Optional.of(true);
            }

            @Override
            public String whyUnknown() {
                return "";
            }

            @Override
            public Optional<ApiKeys> keys() {
                return Optional.empty();
            }
        };
        Router away = new Router(router.routes(), noKeys);
        ApiResponse reply = away.answer(get("/any", Map.of("apikey", List.of(GLOBAL)), Map.of()));
        assertEquals(ApiResponse.unavailable("The API keys"), reply);
        assertEquals(503, away.answer(get("/any", Map.of(), Map.of())).status(), "no key: 503 too, not 401");
        assertEquals(503, away.refusal(get("/any", Map.of(), Map.of())).orElseThrow().status());
        assertEquals(200, away.answer(get("/ping", Map.of(), Map.of())).status());
    }

    /** Auth never turns on (nor off) because a provider is missing: while it cannot be known, keyed routes 503. */
    @Test
    void whileItIsNotKnownWhetherAuthAppliesKeyedRoutesAnswer503() {
        Router.Auth unknown = new Router.Auth() {
            @Override
            public Optional<Boolean> enabled() {
                return Optional.empty();
            }

            @Override
            public String whyUnknown() {
                return "The device's stored targets";
            }

            @Override
            public Optional<ApiKeys> keys() {
                return Optional.of(KEYS);
            }
        };
        Router router = new Router(this.router.routes(), unknown);
        assertEquals(ApiResponse.unavailable("The device's stored targets"),
                router.answer(get("/any", Map.of("apikey", List.of(GLOBAL)), Map.of())));
        assertEquals(503, router.answer(get("/any", Map.of(), Map.of())).status());
        assertEquals(200, router.answer(get("/ping", Map.of(), Map.of())).status());
    }

    @Test
    void withAuthOffEveryCallIsTheDevices() {
        Router open = new Router(router.routes());
        assertEquals(200, open.answer(new Request("POST", "/apps/222/act", Map.of(), Map.of(), new byte[0]))
                .status());
        assertEquals(200, open.answer(new Request("POST", "/device", Map.of(), Map.of(), new byte[0])).status());
    }
}
