package io.bosun.updater;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bundles the carriers of the running target hold, by carrier image, and the releases they came with (a
 * failed digest is not tried again for the same release).
 */
record CarrierScan(Map<String, List<CandidateJar>> jarsByImage, String release, long at) {
    CarrierScan {
        jarsByImage = Map.copyOf(jarsByImage);
    }

    List<String> images() {
        return jarsByImage.keySet().stream().sorted().toList();
    }

    List<CandidateJar> jars() {
        List<CandidateJar> all = new ArrayList<>();
        images().forEach(i -> all.addAll(jarsByImage.get(i)));
        return all;
    }

    List<SetEntry> entries() {
        List<SetEntry> entries = new ArrayList<>();
        images().forEach(i -> jarsByImage.get(i).forEach(j -> entries.add(j.entry(SetEntry.CARRIER + i, at))));
        return entries;
    }
}
