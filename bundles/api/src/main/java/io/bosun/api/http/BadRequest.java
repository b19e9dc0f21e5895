package io.bosun.api.http;

import java.io.IOException;

/** A request this server cannot read, with the status it is answered with before the connection closes. */
final class BadRequest extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequest(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
