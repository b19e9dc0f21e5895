package io.bosun.codec;

import static io.bosun.codec.Documents.CODEC;
import static io.bosun.codec.Documents.JSON;
import static io.bosun.codec.Documents.at;
import static io.bosun.codec.Documents.assertViolations;
import static io.bosun.codec.Documents.bytes;
import static io.bosun.codec.Documents.v3Violations;
import static io.bosun.codec.Documents.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.bosun.spi.target.AppClass;
import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.InvalidTargetStateException.Violation;
import io.bosun.spi.target.TargetState;

/** One test per rule of the v3 schema: each breaks exactly one rule and checks the exact path and message. */
class V3ValidationTest {
    private static final String DEVICE = "dev1";
    private static final String APP = "apps.app1";
    private static final String RELEASE = APP + ".releases.rel1";
    private static final String SERVICE = RELEASE + ".services.main";
    private static final String ID_RULE =
            "must be a non-negative integer (at most 9007199254740991), as a number or a string";

    private ObjectNode document;

    @BeforeEach
    void minimalValidDocument() throws Exception {
        document = (ObjectNode) JSON.readTree("""
                {"dev1": {"name": "d", "config": {}, "apps": {"app1": {"id": 1, "name": "a", "releases": {
                  "rel1": {"id": 2,
                    "services": {"main": {"id": 3, "image_id": 4, "image": "alpine", "environment": {}, "labels": {}}},
                    "volumes": {"data": {}},
                    "networks": {"net": {"ipam": {"config": [{"subnet": "10.0.0.0/24"}]}}}}}}}}}
                """);
    }

    private ObjectNode device() {
        return at(document, DEVICE);
    }

    private ObjectNode node(String path) {
        return at(device(), path);
    }

    private void rejectedWith(String path, String rule) {
        assertViolations(v3Violations(document, DEVICE), violation(path, rule));
    }

    private TargetState accepted() throws InvalidTargetStateException {
        return CODEC.readV3(bytes(document), DEVICE);
    }

    @Test
    void theMinimalDocumentIsValid() throws Exception {
        TargetState target = accepted();
        assertEquals("d", target.name());
        assertEquals("alpine:latest", target.apps().get("app1").releases().get("rel1").services().get("main").image());
    }

    // ---- the document ----

    @Test
    void inputThatIsNotJsonIsOneViolationWithThePosition() {
        List<Violation> violations = assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV3(bytes("{\"dev1\": {\"name\": nope}}"), DEVICE)).violations();
        assertEquals(1, violations.size());
        assertEquals("", violations.get(0).path());
        assertTrue(violations.get(0).rule().startsWith("not valid JSON: "), violations.get(0).rule());
        assertTrue(violations.get(0).rule().endsWith("(line 1, column 19)"), violations.get(0).rule());
    }

    @Test
    void truncatedJsonIsRejected() {
        List<Violation> violations = assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV3(bytes("{\"dev1\": {\"name\": \"d\""), DEVICE)).violations();
        assertEquals(1, violations.size());
        assertTrue(violations.get(0).rule().startsWith("not valid JSON: "), violations.get(0).rule());
    }

    @Test
    void textAfterTheDocumentIsRejected() {
        List<Violation> violations = assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV3(bytes("{} {}"), DEVICE)).violations();
        assertTrue(violations.get(0).rule().startsWith("not valid JSON: "), violations.get(0).rule());
    }

    @Test
    void anEmptyDocumentIsRejected() {
        assertViolations(assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV3(new byte[0], DEVICE)).violations(), violation("", "the document is empty"));
    }

    @Test
    void theDocumentMustBeAnObject() {
        assertViolations(assertThrows(InvalidTargetStateException.class,
                () -> CODEC.readV3(bytes("[1]"), DEVICE)).violations(),
                violation("", "the document must be a JSON object keyed by device uuid"));
    }

    @Test
    void theDocumentMustHaveAnEntryForThisDevice() {
        assertViolations(v3Violations(document, "other-device"),
                violation("", "Expected target state for local device with uuid 'other-device'."));
    }

    @Test
    void theDeviceEntryMustBeAnObject() {
        document.put(DEVICE, "x");
        rejectedWith("", "must be an object");
    }

    @Test
    void entriesOfOtherDevicesAreIgnored() throws Exception {
        document.put("some-other-device", 42);
        assertEquals(DEVICE, accepted().deviceUuid());
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        device().put("extra", 1);
        node(SERVICE).put("extra", "x");
        node(APP).putObject("nested").put("a", 1);
        assertEquals("d", accepted().name());
    }

    @Test
    void everyViolationIsReportedInDocumentOrder() {
        device().remove("name");
        node("config").put("1BAD", "x");
        node(SERVICE).putObject("environment").put(" FOO", "bar");
        node(SERVICE).put("running", "yes");
        assertViolations(v3Violations(document, DEVICE),
                violation("name", "is required"),
                violation("config", "key '1BAD' is not a valid config variable name"),
                violation(SERVICE + ".environment", "key ' FOO' is not a valid variable name"),
                violation(SERVICE + ".running", "must be a boolean"));
    }

    // ---- device name and config ----

    @Test
    void deviceNameIsRequired() {
        device().remove("name");
        rejectedWith("name", "is required");
    }

    @Test
    void deviceNameMustBeAString() {
        device().put("name", 5);
        rejectedWith("name", "must be a string");
    }

    @Test
    void deviceNameMayNotBeNull() {
        device().putNull("name");
        rejectedWith("name", "must be a string");
    }

    @Test
    void deviceNameIsAtMost255Characters() throws Exception {
        device().put("name", "n".repeat(255));
        assertEquals(255, accepted().name().length());
        device().put("name", "n".repeat(256));
        rejectedWith("name", "must be at most 255 characters long");
    }

    @Test
    void deviceNameHasNoNewline() {
        device().put("name", "two\nlines");
        rejectedWith("name", "must not contain a newline");
    }

    @Test
    void configIsRequired() {
        device().remove("config");
        rejectedWith("config", "is required");
    }

    @Test
    void configMustBeAnObject() {
        device().putArray("config");
        rejectedWith("config", "must be an object");
    }

    @Test
    void configKeysAreConfigVariableNames() throws Exception {
        node("config").put("RESIN_HOST_CONFIG_dtoverlay:1", "x").put("_private", "y");
        assertEquals("x", accepted().config().get("RESIN_HOST_CONFIG_dtoverlay:1"));
        node("config").put("BAD-NAME", "z");
        rejectedWith("config", "key 'BAD-NAME' is not a valid config variable name");
    }

    @Test
    void configKeysAreAtMost255Characters() {
        node("config").put("K".repeat(256), "v");
        rejectedWith("config", "key '" + "K".repeat(64) + "\u2026' is longer than 255 characters");
    }

    @Test
    void configValuesAreStrings() {
        node("config").put("FOO", 1);
        rejectedWith("config.FOO", "must be a string");
    }

    // ---- apps ----

    @Test
    void appsAreRequired() {
        device().remove("apps");
        rejectedWith("apps", "is required");
    }

    @Test
    void appsMustBeAnObject() {
        device().put("apps", "none");
        rejectedWith("apps", "must be an object");
    }

    @Test
    void appUuidIsAtMost255Characters() {
        ObjectNode app = node(APP);
        node("apps").remove("app1");
        node("apps").set("u".repeat(256), app);
        rejectedWith("apps", "key '" + "u".repeat(64) + "\u2026' is longer than 255 characters");
    }

    @Test
    void appMustBeAnObject() {
        node("apps").putNull("app1");
        rejectedWith(APP, "must be an object");
    }

    @Test
    void appIdIsRequired() {
        node(APP).remove("id");
        rejectedWith(APP + ".id", "is required");
    }

    @Test
    void appIdMayBeANumericString() throws Exception {
        node(APP).put("id", "1234");
        assertEquals(1234, accepted().apps().get("app1").id());
    }

    @Test
    void appIdIsNotNegative() {
        node(APP).put("id", -1);
        rejectedWith(APP + ".id", ID_RULE);
    }

    @Test
    void appIdIsAnInteger() {
        node(APP).put("id", 1.5);
        rejectedWith(APP + ".id", ID_RULE);
    }

    @Test
    void appIdStringMustHoldAnInteger() {
        node(APP).put("id", "0x10");
        rejectedWith(APP + ".id", ID_RULE);
    }

    @Test
    void appIdIsAtMostTheLargestExactJavaScriptInteger() throws Exception {
        node(APP).put("id", 9007199254740991L);
        assertEquals(9007199254740991L, accepted().apps().get("app1").id());
        node(APP).put("id", 9007199254740992L);
        rejectedWith(APP + ".id", ID_RULE);
    }

    @Test
    void appNameIsRequired() {
        node(APP).remove("name");
        rejectedWith(APP + ".name", "is required");
    }

    @Test
    void appNameIsAtMost255Characters() {
        node(APP).put("name", "a".repeat(256));
        rejectedWith(APP + ".name", "must be at most 255 characters long");
    }

    @Test
    void appClassIsFleetAppOrBlock() throws Exception {
        node(APP).put("class", "block");
        assertEquals(AppClass.BLOCK, accepted().apps().get("app1").appClass());
        node(APP).put("class", "device");
        rejectedWith(APP + ".class", "must be one of 'fleet', 'app', 'block'");
    }

    @Test
    void appClassDefaultsToFleetWhenMissingOrNull() throws Exception {
        assertEquals(AppClass.FLEET, accepted().apps().get("app1").appClass());
        node(APP).putNull("class");
        assertEquals(AppClass.FLEET, accepted().apps().get("app1").appClass());
    }

    @Test
    void parentAppIsAString() {
        node(APP).putNull("parent_app");
        rejectedWith(APP + ".parent_app", "must be a string");
    }

    @Test
    void isHostIsABoolean() {
        node(APP).put("is_host", "true");
        rejectedWith(APP + ".is_host", "must be a boolean");
    }

    // ---- releases ----

    @Test
    void releasesMustBeAnObject() {
        node(APP).putArray("releases");
        rejectedWith(APP + ".releases", "must be an object");
    }

    @Test
    void releasesDefaultToNoneWhenNull() throws Exception {
        node(APP).putNull("releases");
        assertTrue(accepted().apps().get("app1").releases().isEmpty());
    }

    @Test
    void releaseCommitIsAtMost255Characters() {
        ObjectNode release = node(RELEASE);
        node(APP + ".releases").remove("rel1");
        node(APP + ".releases").set("c".repeat(256), release);
        rejectedWith(APP + ".releases", "key '" + "c".repeat(64) + "\u2026' is longer than 255 characters");
    }

    @Test
    void releaseMustBeAnObject() {
        node(APP + ".releases").put("rel1", true);
        rejectedWith(RELEASE, "must be an object");
    }

    @Test
    void releaseIdIsRequired() {
        node(RELEASE).remove("id");
        rejectedWith(RELEASE + ".id", "is required");
    }

    @Test
    void releaseIdIsANumericIdentifier() {
        node(RELEASE).put("id", "two");
        rejectedWith(RELEASE + ".id", ID_RULE);
    }

    @Test
    void servicesMustBeAnObject() {
        node(RELEASE).put("services", 3);
        rejectedWith(RELEASE + ".services", "must be an object");
    }

    @Test
    void serviceNamesAreDockerNames() {
        ObjectNode service = node(SERVICE);
        node(RELEASE + ".services").set("_main", service);
        rejectedWith(RELEASE + ".services", "key '_main' is not a valid service name");
    }

    @Test
    void serviceNamesAreAtMost255Characters() {
        ObjectNode service = node(SERVICE);
        node(RELEASE + ".services").set("s".repeat(256), service);
        rejectedWith(RELEASE + ".services", "key '" + "s".repeat(64) + "\u2026' is longer than 255 characters");
    }

    // ---- services ----

    @Test
    void serviceMustBeAnObject() {
        node(RELEASE + ".services").putArray("main");
        rejectedWith(SERVICE, "must be an object");
    }

    @Test
    void serviceIdIsRequired() {
        node(SERVICE).remove("id");
        rejectedWith(SERVICE + ".id", "is required");
    }

    @Test
    void imageIdIsANumericIdentifier() {
        node(SERVICE).put("image_id", "4b");
        rejectedWith(SERVICE + ".image_id", ID_RULE);
    }

    @Test
    void imageIsRequired() {
        node(SERVICE).remove("image");
        rejectedWith(SERVICE + ".image", "is required");
    }

    @Test
    void imageIsAString() {
        node(SERVICE).putObject("image");
        rejectedWith(SERVICE + ".image", "must be a string");
    }

    @Test
    void imageIsNotEmpty() {
        node(SERVICE).put("image", "");
        rejectedWith(SERVICE + ".image", "must not be empty");
    }

    @Test
    void imageIsAtMost255Characters() {
        node(SERVICE).put("image", "r".repeat(256));
        rejectedWith(SERVICE + ".image", "must be at most 255 characters long");
    }

    @Test
    void imageIsAValidReference() {
        node(SERVICE).put("image", "repo@sha256:abc");
        rejectedWith(SERVICE + ".image",
                "'repo@sha256:abc' is not a valid image reference ([registry/]repository[:tag][@digest])");
    }

    @Test
    void environmentIsRequired() {
        node(SERVICE).remove("environment");
        rejectedWith(SERVICE + ".environment", "is required");
    }

    @Test
    void environmentMustBeAnObject() {
        node(SERVICE).putArray("environment").add("FOO=bar");
        rejectedWith(SERVICE + ".environment", "must be an object");
    }

    @Test
    void environmentKeysAreVariableNames() {
        node(SERVICE + ".environment").put(" FOO", "bar");
        rejectedWith(SERVICE + ".environment", "key ' FOO' is not a valid variable name");
    }

    @Test
    void environmentKeysHaveNoColon() {
        node(SERVICE + ".environment").put("A:B", "x");
        rejectedWith(SERVICE + ".environment", "key 'A:B' is not a valid variable name");
    }

    @Test
    void environmentKeysAreAtMost255Characters() {
        node(SERVICE + ".environment").put("E".repeat(256), "x");
        rejectedWith(SERVICE + ".environment", "key '" + "E".repeat(64) + "\u2026' is longer than 255 characters");
    }

    @Test
    void environmentValuesAreStrings() {
        node(SERVICE + ".environment").put("FOO", 1);
        rejectedWith(SERVICE + ".environment.FOO", "must be a string");
    }

    @Test
    void labelsAreRequired() {
        node(SERVICE).remove("labels");
        rejectedWith(SERVICE + ".labels", "is required");
    }

    @Test
    void labelKeysAreNotEmpty() {
        node(SERVICE + ".labels").put("", "x");
        rejectedWith(SERVICE + ".labels", "key '' is not a valid label name");
    }

    @Test
    void labelKeysHaveNoSpace() {
        node(SERVICE + ".labels").put("my label", "x");
        rejectedWith(SERVICE + ".labels", "key 'my label' is not a valid label name");
    }

    @Test
    void labelKeysHaveNoQuotes() {
        node(SERVICE + ".labels").put("a\"b", "x").put("c'd", "y");
        assertViolations(v3Violations(document, DEVICE),
                violation(SERVICE + ".labels", "key 'a\"b' is not a valid label name"),
                violation(SERVICE + ".labels", "key 'c'd' is not a valid label name"));
    }

    @Test
    void labelKeysHaveNoBacktick() {
        node(SERVICE + ".labels").put("a`b", "x");
        rejectedWith(SERVICE + ".labels", "key 'a`b' is not a valid label name");
    }

    @Test
    void labelKeysArePrintableAscii() throws Exception {
        node(SERVICE + ".labels").put("io.balena.features.api!#$%&()*+,-./:;<=>?@[\\]^_{|}~", "1");
        accepted();
        node(SERVICE + ".labels").put("caf\u00e9", "x");
        rejectedWith(SERVICE + ".labels", "key 'caf\u00e9' is not a valid label name");
    }

    @Test
    void labelKeysAreAtMost255Characters() {
        node(SERVICE + ".labels").put("l".repeat(256), "x");
        rejectedWith(SERVICE + ".labels", "key '" + "l".repeat(64) + "\u2026' is longer than 255 characters");
    }

    @Test
    void labelValuesAreStrings() {
        node(SERVICE + ".labels").put("io.balena.features.api", true);
        rejectedWith(SERVICE + ".labels.io.balena.features.api", "must be a string");
    }

    @Test
    void runningIsABoolean() {
        node(SERVICE).put("running", "false");
        rejectedWith(SERVICE + ".running", "must be a boolean");
    }

    @Test
    void runningDefaultsToTrueWhenNull() throws Exception {
        node(SERVICE).putNull("running");
        assertTrue(accepted().apps().get("app1").releases().get("rel1").services().get("main").running());
    }

    @Test
    void contractIsAnObject() {
        node(SERVICE).putArray("contract");
        rejectedWith(SERVICE + ".contract", "must be an object");
    }

    @Test
    void compositionIsAnObject() {
        node(SERVICE).put("composition", "privileged: true");
        rejectedWith(SERVICE + ".composition", "must be an object");
    }

    @Test
    void compositionContentIsNotValidated() throws Exception {
        node(SERVICE).putObject("composition").put("no such field", 1).putArray("environment").add(5);
        assertEquals(1L, accepted().apps().get("app1").releases().get("rel1").services().get("main")
                .composition().get("no such field"));
    }

    // ---- volumes and networks ----

    @Test
    void volumesMustBeAnObject() {
        node(RELEASE).putArray("volumes");
        rejectedWith(RELEASE + ".volumes", "must be an object");
    }

    @Test
    void volumeNamesAreDockerNames() {
        node(RELEASE + ".volumes").putObject("-data");
        rejectedWith(RELEASE + ".volumes", "key '-data' is not a valid volume name");
    }

    @Test
    void volumeMustBeAnObject() {
        node(RELEASE + ".volumes").put("data", "local");
        rejectedWith(RELEASE + ".volumes.data", "must be an object");
    }

    @Test
    void volumeDriverIsAString() {
        node(RELEASE + ".volumes.data").put("driver", 1);
        rejectedWith(RELEASE + ".volumes.data.driver", "must be a string");
    }

    @Test
    void volumeDriverOptionsAreStrings() {
        node(RELEASE + ".volumes.data").putObject("driver_opts").put("size", 100);
        rejectedWith(RELEASE + ".volumes.data.driver_opts.size", "must be a string");
    }

    @Test
    void volumeLabelsAreAnObject() {
        node(RELEASE + ".volumes.data").putArray("labels");
        rejectedWith(RELEASE + ".volumes.data.labels", "must be an object");
    }

    @Test
    void networksMustBeAnObject() {
        node(RELEASE).put("networks", "default");
        rejectedWith(RELEASE + ".networks", "must be an object");
    }

    @Test
    void networkNamesAreDockerNames() {
        node(RELEASE + ".networks").putObject("my net");
        rejectedWith(RELEASE + ".networks", "key 'my net' is not a valid network name");
    }

    @Test
    void networkMustBeAnObject() {
        node(RELEASE + ".networks").putNull("net");
        rejectedWith(RELEASE + ".networks.net", "must be an object");
    }

    @Test
    void networkFlagsAreBooleans() {
        node(RELEASE + ".networks.net").put("enable_ipv6", "yes").put("internal", 1).put("config_only", "no");
        assertViolations(v3Violations(document, DEVICE),
                violation(RELEASE + ".networks.net.enable_ipv6", "must be a boolean"),
                violation(RELEASE + ".networks.net.internal", "must be a boolean"),
                violation(RELEASE + ".networks.net.config_only", "must be a boolean"));
    }

    @Test
    void networkLabelValuesAreStrings() {
        node(RELEASE + ".networks.net").putObject("labels").putObject("tier");
        rejectedWith(RELEASE + ".networks.net.labels.tier", "must be a string");
    }

    @Test
    void ipamIsAnObject() {
        node(RELEASE + ".networks.net").putArray("ipam");
        rejectedWith(RELEASE + ".networks.net.ipam", "must be an object");
    }

    @Test
    void ipamConfigIsAnArray() {
        node(RELEASE + ".networks.net.ipam").putObject("config");
        rejectedWith(RELEASE + ".networks.net.ipam.config", "must be an array");
    }

    @Test
    void ipamPoolIsAnObject() {
        node(RELEASE + ".networks.net.ipam").putArray("config").add("10.0.0.0/24");
        rejectedWith(RELEASE + ".networks.net.ipam.config.0", "must be an object");
    }

    @Test
    void ipamPoolFieldsAreStrings() {
        ((ObjectNode) node(RELEASE + ".networks.net.ipam").get("config").get(0)).put("gateway", 10)
                .putObject("aux_addresses").put("router", false);
        assertViolations(v3Violations(document, DEVICE),
                violation(RELEASE + ".networks.net.ipam.config.0.gateway", "must be a string"),
                violation(RELEASE + ".networks.net.ipam.config.0.aux_addresses.router", "must be a string"));
    }

    @Test
    void ipamOptionsAreStrings() {
        node(RELEASE + ".networks.net.ipam").putObject("options").put("mtu", 1500);
        rejectedWith(RELEASE + ".networks.net.ipam.options.mtu", "must be a string");
    }
}
