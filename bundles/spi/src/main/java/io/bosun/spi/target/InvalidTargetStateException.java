package io.bosun.spi.target;

import java.util.List;
import java.util.stream.Collectors;

/** A target-state document that breaks one or more rules; nothing of it may be applied or stored. */
public class InvalidTargetStateException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Violation> violations;

    public InvalidTargetStateException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid target has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /** Every fault found, in document order. */
    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("\n"));
    }

    /**
     * One broken rule.
     *
     * @param path the JSON path of the faulty value, dot-separated from the device entry
     *        (e.g. {@code apps.<uuid>.releases.<commit>.services.<name>.environment}); empty for the document itself
     * @param rule what is wrong, in words
     */
    public record Violation(String path, String rule) {
        @Override
        public String toString() {
            return path.isEmpty() ? rule : path + ": " + rule;
        }
    }
}
