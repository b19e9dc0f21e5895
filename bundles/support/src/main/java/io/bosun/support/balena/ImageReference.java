package io.bosun.support.balena;

import java.util.Collection;
import java.util.Optional;

/**
 * An image reference ({@code [registry/]repository[:tag][@digest]}) in the engine's familiar form, so that every
 * spelling of one image names it: {@code docker.io/library/busybox:latest}, {@code library/busybox},
 * {@code index.docker.io/library/busybox} and {@code busybox} are {@code busybox:latest}, which is how the engine
 * lists it. A reference without tag or digest means {@code :latest}; with a digest, the digest names the image
 * (balena drops the tag then).
 *
 * @param repository the repository, familiar: Docker Hub's registry and {@code library/} left out
 * @param tag the tag, if the reference names one (none with only a digest)
 * @param digest the digest ({@code sha256:...}), if any
 */
public record ImageReference(String repository, Optional<String> tag, Optional<String> digest) {
    private static final String HUB = "docker.io/";

    /** Reads a reference; a malformed one is kept as it is, as a repository that matches only itself. */
    public static ImageReference parse(String reference) {
        String rest = reference.strip();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new ImageReference(familiar(rest), tag, digest);
    }

    /** Docker Hub's repositories without the registry and {@code library/}, as the engine lists them. */
    private static String familiar(String repository) {
        String name = repository;
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        if (first.equals("docker.io") || first.equals("index.docker.io") || first.equals("registry-1.docker.io")) {
            name = name.substring(slash + 1);
        } else if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            return name;
        }
        return name.startsWith("library/") && name.indexOf('/', "library/".length()) < 0
                ? name.substring("library/".length()) : name;
    }

    /** The registry the image is pulled from: its host (and port), or Docker Hub's {@code docker.io}. */
    public String registry() {
        int slash = repository.indexOf('/');
        String first = slash < 0 ? "" : repository.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    /** The familiar {@code repository:tag}, when a tag is named. */
    public Optional<String> familiarTag() {
        return tag.map(t -> repository + ":" + t);
    }

    /**
     * Whether an image the engine lists with these tags ({@code repo:tag}) and digests ({@code repo@sha256:...})
     * is the one named: by its digest when the reference has one, else by its tag.
     */
    public boolean names(Collection<String> tags, Collection<String> digests) {
        if (digest.isPresent()) {
            return digests.stream().map(ImageReference::parse).anyMatch(d -> d.digest().equals(digest));
        }
        String wanted = familiarTag().orElseThrow();
        return tags.stream().anyMatch(t -> parse(t).familiarTag().orElse("").equals(wanted));
    }

    /** Whether two references name the same image: the same familiar name, or the same digest (balena's rule). */
    public static boolean same(String a, String b) {
        ImageReference x = parse(a);
        ImageReference y = parse(b);
        return x.equals(y) || x.digest().isPresent() && x.digest().equals(y.digest());
    }

    @Override
    public String toString() {
        return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
