package io.bosun.testcloud;

import java.io.IOException;

/** A group of endpoints of the device API. */
interface Route {

    /** The answer, or null when the request is none of this route's. */
    Response handle(Exchange exchange) throws IOException, InterruptedException;
}
