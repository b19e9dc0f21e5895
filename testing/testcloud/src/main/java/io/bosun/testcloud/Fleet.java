package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** A fleet (openBalena "application") and what it currently runs. Guarded by the {@link CloudModel}. */
final class Fleet {
    final long id;
    final String uuid;
    final String name;
    Map<String, String> config = new LinkedHashMap<>();
    String currentCommit;
    JsonNode currentRelease;

    Fleet(long id, String uuid, String name) {
        this.id = id;
        this.uuid = uuid;
        this.name = name;
    }
}
