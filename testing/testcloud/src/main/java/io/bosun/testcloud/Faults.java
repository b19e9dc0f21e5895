package io.bosun.testcloud;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The faults tests asked for, each good for a number of matching requests, the oldest matching one first. */
final class Faults {
    private final List<Rule> rules = new ArrayList<>();

    synchronized void add(String method, String pathPrefix, int times, Fault fault) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        rules.add(new Rule(method, pathPrefix, times, fault));
    }

    /** The fault for this request, if any, used up by taking it. */
    synchronized Fault take(String method, String target) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
            Rule rule = it.next();
            if (RequestMatch.matches(rule.method, rule.pathPrefix, method, target)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                return rule.fault;
            }
        }
        return null;
    }

    synchronized void clear() {
        rules.clear();
    }

    private static final class Rule {
        final String method;
        final String pathPrefix;
        int remaining;
        final Fault fault;

        Rule(String method, String pathPrefix, int remaining, Fault fault) {
            this.method = method;
            this.pathPrefix = pathPrefix;
            this.remaining = remaining;
            this.fault = fault;
        }
    }
}
