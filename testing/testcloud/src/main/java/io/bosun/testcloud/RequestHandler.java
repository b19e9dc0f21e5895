package io.bosun.testcloud;

import java.io.IOException;

/** What answers requests once the HTTP layer has read them. */
interface RequestHandler {

    /**
     * Whether the request's body is a long-lived stream (a log stream): a fault that answers instead of the
     * device API must then answer at once rather than wait for a body that may never end.
     */
    boolean isStreaming(RequestHead head);

    Response handle(Exchange exchange) throws IOException, InterruptedException;
}
