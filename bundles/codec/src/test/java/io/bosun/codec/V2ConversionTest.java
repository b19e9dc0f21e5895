package io.bosun.codec;

import static io.bosun.codec.Documents.CODEC;
import static io.bosun.codec.Documents.JSON;
import static io.bosun.codec.Documents.assertViolations;
import static io.bosun.codec.Documents.at;
import static io.bosun.codec.Documents.bytes;
import static io.bosun.codec.Documents.resource;
import static io.bosun.codec.Documents.v2Violations;
import static io.bosun.codec.Documents.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.TargetApp;
import io.bosun.spi.target.TargetService;
import io.bosun.spi.target.TargetState;

/** v2 local documents: conversion as balena's local mode does it, and validation with paths in v2 terms. */
class V2ConversionTest {
    private static final String APP = "local.apps.1";
    private static final String SERVICE = APP + ".services.23";

    private ObjectNode document;

    @BeforeEach
    void minimalValidV2Document() throws Exception {
        document = (ObjectNode) JSON.readTree("""
                {"local": {"name": "d", "config": {}, "apps": {"1": {"name": "a", "commit": "c0ffee", "releaseId": 7,
                  "services": {"23": {"serviceName": "main", "imageId": 5, "image": "alpine",
                                      "environment": {}, "labels": {}}}}}}}
                """);
    }

    private ObjectNode node(String path) {
        return at(document, path);
    }

    private TargetState converted() throws Exception {
        return CODEC.readV2(bytes(document), "dev1", "current-name");
    }

    private void rejectedWith(String path, String rule) {
        assertViolations(v2Violations(document, "current-name"), violation(path, rule));
    }

    @Test
    void legacyExampleConvertsToTheSpecsV3Result() throws Exception {
        // Spec case 68: the v2 example becomes exactly the v3 document of spec section 2.2.
        TargetState fromV2 = CODEC.readV2(bytes(resource("legacy-v2-example.json")), "local", "my-device");
        TargetState v3 = CODEC.readV3(bytes(resource("legacy-v3-example.json")), "local");
        assertEquals(v3, fromV2);
        TargetService hello = fromV2.apps().get("1").releases().get("localrelease").services().get("hello");
        assertEquals(Map.of("privileged", true, "ports", List.of("3001:3001")), hello.composition());
    }

    @Test
    void appIdBecomesTheUuidAndTheCommitKeysTheRelease() throws Exception {
        TargetState target = converted();
        assertEquals("dev1", target.deviceUuid());
        TargetApp app = target.apps().get("1");
        assertEquals("1", app.uuid());
        assertEquals(1, app.id());
        assertEquals(AppClass.FLEET, app.appClass());
        assertEquals(List.of("c0ffee"), List.copyOf(app.releases().keySet()));
        assertEquals(7, app.release().orElseThrow().id());
        TargetService main = app.release().orElseThrow().services().get("main");
        assertEquals(23, main.id());
        assertEquals(5, main.imageId());
        assertEquals("alpine:latest", main.image());
        assertTrue(main.running());
        assertTrue(main.composition().isEmpty());
    }

    @Test
    void composeFieldsGoIntoTheCompositionExceptServiceId() throws Exception {
        node(SERVICE).put("serviceId", 23).put("privileged", true).put("appId", 1).putArray("ports").add("80:80");
        node(SERVICE).put("running", false).putObject("contract").put("type", "sw.container");
        TargetService main = converted().apps().get("1").release().orElseThrow().services().get("main");
        assertEquals(Map.of("privileged", true, "appId", 1L, "ports", List.of("80:80")), main.composition());
        assertFalse(main.running());
        assertEquals(Map.of("type", "sw.container"), main.contract());
    }

    @Test
    void anEmptyDocumentIsAnEmptyTargetWithTheCurrentName() throws Exception {
        TargetState target = CODEC.readV2(bytes("{}"), "dev1", "my-device");
        assertEquals(new TargetState("dev1", "my-device", Map.of(), Map.of()), target);
    }

    @Test
    void nullConfigAndAppsMeanEmpty() throws Exception {
        node("local").putNull("config").putNull("apps");
        assertEquals(new TargetState("dev1", "d", Map.of(), Map.of()), converted());
    }

    @Test
    void withoutACurrentNameTheDocumentMustNameTheDevice() {
        node("local").remove("name");
        assertViolations(v2Violations(document, null), violation("local.name", "is required"));
    }

    @Test
    void anAppWithoutCommitHasNoReleaseAndItsServicesAreNotLookedAt() throws Exception {
        node(APP).remove("commit");
        node(APP).remove("releaseId");
        node(SERVICE + ".environment").put(" FOO", "ignored like balena ignores it");
        assertTrue(converted().apps().get("1").releases().isEmpty());
        node(APP).put("commit", "");
        assertTrue(converted().apps().get("1").releases().isEmpty());
    }

    @Test
    void aLaterServiceIdWithTheSameNameWins() throws Exception {
        // Keys "100" and "23" are seen as 23, then 100 (JavaScript order), whatever the document order.
        ObjectNode services = (ObjectNode) JSON.readTree("""
                {"100": {"serviceName": "main", "imageId": 6, "image": "later", "environment": {}, "labels": {}},
                 "23": {"serviceName": "main", "imageId": 5, "image": "earlier", "environment": {}, "labels": {}}}""");
        node(APP).set("services", services);
        TargetService main = converted().apps().get("1").release().orElseThrow().services().get("main");
        assertEquals(100, main.id());
        assertEquals("later:latest", main.image());
    }

    @Test
    void appsAreOrderedAsJavaScriptOrdersThem() throws Exception {
        ObjectNode app = node(APP);
        node("local.apps").set("10", app.deepCopy());
        node("local.apps").remove("1");
        node("local.apps").set("1", app);
        assertEquals(List.of("1", "10"), List.copyOf(converted().apps().keySet()));
    }

    // ---- validation, in v2 terms ----

    @Test
    void invalidEnvironmentKeyOfTheSpecsV2ExampleIsReportedInV2Terms() {
        // Spec case 62, read as v2 this time.
        assertViolations(v2Violations(resource("v2-invalid-env-key.json"), null),
                violation("local.apps.1234.services.23.environment", "key ' FOO' is not a valid variable name"));
    }

    @Test
    void theDocumentMustBeAnObject() {
        assertViolations(v2Violations(JSON.getNodeFactory().arrayNode(), null),
                violation("", "the document must be a JSON object"));
    }

    @Test
    void localMustBeAnObject() {
        document.put("local", "x");
        rejectedWith("local", "must be an object");
    }

    @Test
    void deviceNameHasNoNewline() {
        node("local").put("name", "a\nb");
        rejectedWith("local.name", "must not contain a newline");
    }

    @Test
    void configKeysAreConfigVariableNames() {
        node("local.config").put("9LIVES", "x");
        rejectedWith("local.config", "key '9LIVES' is not a valid config variable name");
    }

    @Test
    void appKeysAreCanonicalIntegers() {
        node("local.apps").set("01", node(APP).deepCopy());
        node("local.apps").set("web", node(APP).deepCopy());
        assertViolations(v2Violations(document, "n"),
                violation("local.apps", "key '01' is not a valid app id"),
                violation("local.apps", "key 'web' is not a valid app id"));
    }

    @Test
    void appMustBeAnObject() {
        node("local.apps").put("1", 1);
        rejectedWith(APP, "must be an object");
    }

    @Test
    void appNameIsRequired() {
        node(APP).remove("name");
        rejectedWith(APP + ".name", "is required");
    }

    @Test
    void commitIsAString() {
        node(APP).put("commit", 12);
        rejectedWith(APP + ".commit", "must be a string");
    }

    @Test
    void releaseIdIsRequiredWithACommit() {
        node(APP).remove("releaseId");
        rejectedWith(APP + ".releaseId", "is required");
    }

    @Test
    void serviceKeysAreServiceIds() {
        ObjectNode service = node(SERVICE);
        node(APP + ".services").remove("23");
        node(APP + ".services").set("main", service);
        rejectedWith(APP + ".services", "key 'main' is not a valid service id");
    }

    @Test
    void serviceMustBeAnObject() {
        node(APP + ".services").put("23", "alpine");
        rejectedWith(SERVICE, "must be an object");
    }

    @Test
    void serviceNameIsRequired() {
        node(SERVICE).remove("serviceName");
        rejectedWith(SERVICE + ".serviceName", "is required");
    }

    @Test
    void serviceNameIsADockerName() {
        node(SERVICE).put("serviceName", "my service");
        rejectedWith(SERVICE + ".serviceName", "'my service' is not a valid service name");
    }

    @Test
    void imageIdIsANumericIdentifier() {
        node(SERVICE).put("imageId", -5);
        rejectedWith(SERVICE + ".imageId",
                "must be a non-negative integer (at most 9007199254740991), as a number or a string");
    }

    @Test
    void imageIsRequired() {
        node(SERVICE).remove("image");
        rejectedWith(SERVICE + ".image", "is required");
    }

    @Test
    void labelsAreRequired() {
        node(SERVICE).remove("labels");
        rejectedWith(SERVICE + ".labels", "is required");
    }

    @Test
    void volumesAreCheckedLikeV3() {
        node(APP).putObject("volumes").putObject("data").put("labels", "x");
        rejectedWith(APP + ".volumes.data.labels", "must be an object");
    }

    @Test
    void networksAreCheckedLikeV3() {
        node(APP).putObject("networks").putObject("-net");
        rejectedWith(APP + ".networks", "key '-net' is not a valid network name");
    }
}
