package io.bosun.host;

import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code PATCH /v1/device/host-config}, checked whole before anything is locked or written:
 * {@code {"network":{"hostname"?, "proxy"?:{type, ip, port, login?, password?, noProxy?, dns?}}, "force"?}}.
 * Every fault is a 400 naming the field. Unknown fields are logged and ignored, as balena does (its v1 API is
 * legacy, and callers send what its documentation once showed).
 *
 * @param hostname the new host name; empty text removes it (the short uuid then stands for it)
 * @param proxy the proxy fields to change (a JSON null removes that field), when the body has a proxy
 * @param removesProxy whether the body's proxy is {@code {}}, which removes the proxy
 * @param force whether to take over the locks apps hold
 */
record HostConfigPatch(Optional<String> hostname, Optional<ObjectNode> proxy, boolean removesProxy, boolean force) {
    /** redsocks' proxy types, the only ones balenaOS accepts. */
    static final List<String> PROXY_TYPES = List.of("socks4", "socks5", "http-connect", "http-relay");
    /** The proxy fields, in the order balena's GET answers them. */
    static final List<String> PROXY_FIELDS = List.of("type", "ip", "port", "login", "password", "dns", "noProxy");
    private static final Set<String> BODY_FIELDS = Set.of("network", "force");
    private static final Set<String> NETWORK_FIELDS = Set.of("hostname", "proxy");
    /** RFC 1123 labels: letters, digits and inner hyphens, up to 63 characters each, 253 in all. */
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*");

    private static final Logger LOG = LoggerFactory.getLogger(HostConfigPatch.class);

    static HostConfigPatch read(byte[] body) throws ApiRouteException {
        JsonNode root = parse(body);
        ignoreUnknown("body", root, BODY_FIELDS);
        JsonNode force = root.path("force");
        if (!force.isMissingNode() && !force.isNull() && !force.isBoolean()) {
            throw bad("\"force\" must be true or false");
        }
        JsonNode network = root.path("network");
        if (!network.isObject()) {
            throw bad("\"network\" must be an object");
        }
        ignoreUnknown("network", network, NETWORK_FIELDS);
        JsonNode proxy = network.path("proxy");
        boolean hasProxy = !proxy.isMissingNode() && !proxy.isNull();
        if (hasProxy && !proxy.isObject()) {
            throw bad("\"network.proxy\" must be an object");
        }
        // Only {} itself removes the proxy; one of unknown fields alone changes nothing.
        Optional<ObjectNode> fields = hasProxy ? Optional.of(proxyFields((ObjectNode) proxy)) : Optional.empty();
        boolean removes = hasProxy && proxy.isEmpty();
        return new HostConfigPatch(hostname(network.path("hostname")),
                removes ? fields : fields.filter(f -> !f.isEmpty()), removes, force.asBoolean(false));
    }

    /**
     * The proxy after this patch: the given fields over the current ones, balena's merge.
     *
     * @throws ApiRouteException when the result lacks what redsocks needs (type, ip and port)
     */
    ObjectNode proxyOver(Optional<ObjectNode> current) throws ApiRouteException {
        ObjectNode patch = proxy.orElseThrow();
        ObjectNode merged = HostRoutes.JSON.createObjectNode();
        for (String field : PROXY_FIELDS) {
            JsonNode value = patch.has(field) ? patch.get(field) : current.map(c -> c.get(field)).orElse(null);
            if (value != null && !value.isNull()) {
                merged.set(field, value);
            }
        }
        List<String> missing = PROXY_FIELDS.subList(0, 3).stream().filter(f -> !merged.has(f)).toList();
        if (!missing.isEmpty()) {
            throw bad("\"network.proxy\" needs type, ip and port; missing: " + String.join(", ", missing));
        }
        return merged;
    }

    private static JsonNode parse(byte[] body) throws ApiRouteException {
        JsonNode root;
        try {
            root = body.length == 0 ? null : HostRoutes.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad("The body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("The body must be a JSON object with \"network\"");
        }
        return root;
    }

    private static Optional<String> hostname(JsonNode value) throws ApiRouteException {
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw bad("\"network.hostname\" must be a string");
        }
        String name = value.asText();
        if (!name.isEmpty() && !HOSTNAME.matcher(name).matches()) {
            throw bad("\"network.hostname\" must be a host name: letters, digits and hyphens, labels of at most 63"
                    + " characters separated by dots (got '" + name + "')");
        }
        return Optional.of(name);
    }

    /** The known fields, each checked; a port given as text becomes a number. */
    private static ObjectNode proxyFields(ObjectNode proxy) throws ApiRouteException {
        ignoreUnknown("network.proxy", proxy, Set.copyOf(PROXY_FIELDS));
        ObjectNode checked = HostRoutes.JSON.createObjectNode();
        for (String field : PROXY_FIELDS) {
            JsonNode value = proxy.get(field);
            if (value != null) {
                checked.set(field, value.isNull() ? value : checkedProxyField(field, value));
            }
        }
        return checked;
    }

    private static JsonNode checkedProxyField(String field, JsonNode value) throws ApiRouteException {
        String name = "\"network.proxy." + field + "\"";
        switch (field) {
            case "type" -> {
                if (!value.isTextual() || !PROXY_TYPES.contains(value.asText())) {
                    throw bad(name + " must be one of " + String.join(", ", PROXY_TYPES));
                }
            }
            case "ip", "login", "password" -> {
                if (!value.isTextual() || (field.equals("ip") && value.asText().isBlank())) {
                    throw bad(name + " must be " + (field.equals("ip") ? "a non-empty string" : "a string"));
                }
            }
            case "port" -> {
                return port(name, value);
            }
            case "noProxy" -> {
                if (!value.isArray() || !allText(value)) {
                    throw bad(name + " must be an array of addresses (strings)");
                }
            }
            case "dns" -> {
                if (!value.isTextual() && !value.isBoolean()) {
                    throw bad(name + " must be ADDRESS:PORT or a boolean");
                }
            }
            default -> throw new IllegalArgumentException(field);
        }
        return value;
    }

    private static JsonNode port(String name, JsonNode value) throws ApiRouteException {
        String text = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : "";
        if (text.matches("\\d{1,5}")) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return IntNode.valueOf(port);
            }
        }
        throw bad(name + " must be a port number (1-65535)");
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void ignoreUnknown(String where, JsonNode object, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!known.contains(field.getKey())) {
                unknown.add(field.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warn("Ignoring unknown field(s) of the host-config PATCH's {}: {}", where, unknown);
        }
    }

    private static ApiRouteException bad(String message) {
        return new ApiRouteException(ApiResponse.text(400, message));
    }
}
