package io.bosun.codec;

import java.util.ArrayList;
import java.util.List;

import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.InvalidTargetStateException.Violation;

/** Collects every broken rule of one document, so that a rejection names all of them at once. */
final class Violations {
    private final List<Violation> found = new ArrayList<>();

    void add(Path path, String rule) {
        found.add(new Violation(path.value(), rule));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() throws InvalidTargetStateException {
        if (!found.isEmpty()) {
            throw new InvalidTargetStateException(found);
        }
    }
}
