package io.bosun.testcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a device does to the cloud, done with java.net.http the way a supervisor would. */
final class DeviceClient {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final TestCloud cloud;

    DeviceClient(TestCloud cloud) {
        this.cloud = cloud;
    }

    HttpRequest.Builder request(String pathAndQuery, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(cloud.endpoint() + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery, String key) throws IOException, InterruptedException {
        return send(request(pathAndQuery, key).GET().build());
    }

    HttpResponse<String> json(String method, String pathAndQuery, String key, String body)
            throws IOException, InterruptedException {
        return send(request(pathAndQuery, key).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> register(String provisioningKey, long fleetId, String uuid, String deviceKey)
            throws IOException, InterruptedException {
        String body = "{\"application\":" + fleetId + ",\"device_type\":\"generic-amd64\",\"uuid\":\"" + uuid
                + "\",\"api_key\":\"" + deviceKey + "\",\"supervisor_version\":\"0.1.0\",\"os_version\":"
                + "\"balenaOS 6.0.0\",\"os_variant\":\"prod\",\"mac_address\":\"AA:BB:CC:DD:EE:FF\"}";
        return json("POST", "/device/register", provisioningKey, body);
    }

    HttpResponse<String> target(String uuid, String key, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request("/device/v3/" + uuid + "/state", key).GET();
        if (ifNoneMatch != null) {
            builder.header("If-None-Match", ifNoneMatch);
        }
        return send(builder.build());
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }
}
