package io.bosun.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values were taken from balena's own normalisation (docker-utils normaliseImageName). */
class ImageNamesTest {
    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ubuntu                                  | ubuntu:latest
            ubuntu:22.04                            | ubuntu:22.04
            library/ubuntu                          | library/ubuntu:latest
            registry2.resin.io/superapp/edfabc      | registry2.resin.io/superapp/edfabc:latest
            docker.io/library/ubuntu:22.04          | docker.io/library/ubuntu:22.04
            127.0.0.1:5000/app                      | 127.0.0.1:5000/app:latest
            127.0.0.1:5000/app:v1                   | 127.0.0.1:5000/app:v1
            localhost/app                           | localhost/app:latest
            localhost:5000/app                      | localhost:5000/app:latest
            repo:                                   | repo:latest
            repo@                                   | repo:latest
            repo:a:b                                | repo:a:b
            repo:t@                                 | repo:t
            a/b.c/d                                 | a/b.c/d:latest
            """)
    void tagsAreAddedAndKept(String reference, String normalised) {
        assertEquals(normalised, ImageNames.normalise(reference).orElseThrow());
    }

    @Test
    void aDigestDropsTheTag() {
        assertEquals("repo@" + DIGEST, ImageNames.normalise("repo@" + DIGEST).orElseThrow());
        assertEquals("repo@" + DIGEST, ImageNames.normalise("repo:tag@" + DIGEST).orElseThrow());
        assertEquals("registry.example.com:443/team/repo@" + DIGEST,
                ImageNames.normalise("registry.example.com:443/team/repo:1.0@" + DIGEST).orElseThrow());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = { "", "repo@sha256:abc", "repo@x@y", "x@y@z", "ubuntu\n", "a\rb", "repo@sha256:"
            + "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg" })
    void unparsableReferencesAreRefused(String reference) {
        assertTrue(ImageNames.normalise(reference).isEmpty(), reference);
    }
}
