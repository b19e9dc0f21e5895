package io.bosun.api;

import com.fasterxml.jackson.databind.ObjectMapper;

/** One mapper for the API; loaded on the first JSON request or reply, not at activation. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
