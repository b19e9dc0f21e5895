package io.bosun.testcloud;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Names like the ones openBalena gives a new device ("stormy-mine"): an adjective and a noun. */
final class DeviceNames {
    private static final List<String> ADJECTIVES = List.of("stormy", "quiet", "amber", "brisk", "dusty", "gentle",
            "hidden", "lively", "misty", "proud", "rapid", "silent", "sunny", "wild", "young", "frosty");
    private static final List<String> NOUNS = List.of("mine", "river", "forest", "meadow", "harbor", "canyon",
            "glacier", "island", "valley", "summit", "breeze", "comet", "ember", "field", "lake", "shadow");

    private DeviceNames() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size()));
    }
}
