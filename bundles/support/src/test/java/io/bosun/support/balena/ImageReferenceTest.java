package io.bosun.support.balena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every spelling of one image names what the engine lists: its {@code RepoTags} are familiar
 * ({@code busybox:latest}, {@code user/app:tag}, {@code 127.0.0.1:5000/repo:tag}) and its {@code RepoDigests} are
 * {@code repo@sha256:...}. Regression: a target naming {@code docker.io/library/busybox:latest} was never ready.
 */
class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @ParameterizedTest(name = "{0} is listed as {1}")
    @CsvSource({
        "docker.io/library/busybox:latest, busybox:latest",
        "docker.io/library/busybox, busybox:latest",
        "library/busybox, busybox:latest",
        "busybox, busybox:latest",
        "busybox:latest, busybox:latest",
        "index.docker.io/library/busybox:1.36, busybox:1.36",
        "registry-1.docker.io/library/busybox, busybox:latest",
        "docker.io/user/app:tag, user/app:tag",
        "user/app, user/app:latest",
        "127.0.0.1:5000/bosun-test/box:1, 127.0.0.1:5000/bosun-test/box:1",
        "localhost:5000/box, localhost:5000/box:latest",
        "registry2.balena-cloud.com/v2/abcdef, registry2.balena-cloud.com/v2/abcdef:latest",
        "registry.example.com/library/box, registry.example.com/library/box:latest"})
    void everySpellingNamesTheTagTheEngineLists(String reference, String listed) {
        assertTrue(ImageReference.parse(reference).names(List.of("other:1", listed), List.of()), reference);
        assertFalse(ImageReference.parse(reference).names(List.of("other:1"), List.of()), reference);
    }

    @ParameterizedTest
    @CsvSource({"busybox, docker.io", "docker.io/library/busybox:1, docker.io", "balena/app, docker.io",
        "127.0.0.1:5000/app:1, 127.0.0.1:5000", "registry2.balena-cloud.com/v2/abc@sha256:00, registry2.balena-cloud.com",
        "localhost/app, localhost"})
    void theRegistryIsTheHostOfTheReferenceOrDockerHub(String reference, String registry) {
        assertEquals(registry, ImageReference.parse(reference).registry());
    }

    @Test
    void aDigestNamesTheImageWhateverItsRepositoryIsCalled() {
        List<String> digests = List.of("busybox@" + DIGEST);
        assertTrue(ImageReference.parse("docker.io/library/busybox@" + DIGEST).names(List.of(), digests));
        assertTrue(ImageReference.parse("busybox:1.36@" + DIGEST).names(List.of(), digests));
        assertFalse(ImageReference.parse("busybox@sha256:" + "b".repeat(64)).names(List.of("busybox:latest"),
                digests), "another digest, even with the same repository's tag listed");
    }

    @Test
    void sameImageIsTheSameFamiliarNameOrTheSameDigest() {
        assertTrue(ImageReference.same("docker.io/library/busybox", "busybox:latest"));
        assertTrue(ImageReference.same("a/b@" + DIGEST, "c/d@" + DIGEST), "balena: equal @digest");
        assertFalse(ImageReference.same("busybox:1", "busybox:2"));
        assertEquals("busybox:latest", ImageReference.parse("docker.io/library/busybox").toString());
    }
}
