package io.bosun.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the bnd export wrote into the jar's {@code launcher.properties}: the bundles with their start levels and
 * the run properties. The bndrun stays the one place that says what ships; this only reads it.
 */
record LaunchPlan(List<ShippedBundle> bundles, Map<String, String> properties, String digest) {
    static final String RESOURCE = "/launcher.properties";

    static LaunchPlan read(byte[] content) throws IOException {
        Properties raw = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            raw.load(in);
        }
        String[] entries = split(raw.getProperty("launch.bundles", ""));
        String[] attrs = split(raw.getProperty("launch.runbundles.attrs", ""));
        if (entries.length == 0 || entries.length != attrs.length) {
            throw new IOException("launcher.properties lists " + entries.length + " bundles but attributes for "
                    + attrs.length);
        }
        int defaultLevel = Integer.parseInt(raw.getProperty("launch.startlevel.default", "1"));
        List<ShippedBundle> bundles = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            bundles.add(parse(entries[i], attrs[i], defaultLevel));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : raw.stringPropertyNames()) {
            if (!name.startsWith("launch.")) {
                properties.put(name, raw.getProperty(name));
            }
        }
        return new LaunchPlan(List.copyOf(bundles), Map.copyOf(properties), Digests.of(content));
    }

    private static ShippedBundle parse(String entry, String attrs, int defaultLevel) throws IOException {
        String[] parts = attrs.split(";");
        String version = "0";
        int level = defaultLevel;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            String value = kv[1].replace("\"", "").trim();
            switch (kv[0].trim()) {
                case "version" -> version = value;
                case "startlevel" -> level = Integer.parseInt(value);
                default -> { }
            }
        }
        if (parts[0].isBlank()) {
            throw new IOException("launcher.properties names no bundle for " + entry);
        }
        return new ShippedBundle(entry.trim(), parts[0].trim(), version, level);
    }

    private static String[] split(String list) {
        return list.isBlank() ? new String[0] : list.split(",");
    }
}
