package io.bosun.testcloud;

import java.time.Duration;

/** One way of misbehaving, applied to one request. */
record Fault(Kind kind, int status, int retryAfterSeconds, Duration delay) {

    enum Kind {
        /** Answer with an error status instead of handling the request. */
        FAIL,
        /** Answer 429 with Retry-After instead of handling the request. */
        RATE_LIMIT,
        /** Handle the request, but only answer after a while. */
        DELAY,
        /** Handle the request, then break the answer off in its middle and close the connection. */
        DROP_MID_BODY
    }

    static Fault fail(int status) {
        return new Fault(Kind.FAIL, status, 0, Duration.ZERO);
    }

    static Fault rateLimit(int retryAfterSeconds) {
        return new Fault(Kind.RATE_LIMIT, 429, retryAfterSeconds, Duration.ZERO);
    }

    static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, 0, delay);
    }

    static Fault dropMidBody() {
        return new Fault(Kind.DROP_MID_BODY, 0, 0, Duration.ZERO);
    }

    /** Whether the request is answered by the fault alone, never reaching the device API. */
    boolean replacesAnswer() {
        return kind == Kind.FAIL || kind == Kind.RATE_LIMIT;
    }

    /** The answer of a fault that replaces the real one. */
    Response answer() {
        Response response = Response.status(status);
        if (kind == Kind.RATE_LIMIT) {
            response.header("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return response;
    }
}
