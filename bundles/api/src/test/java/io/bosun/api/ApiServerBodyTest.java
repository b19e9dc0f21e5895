package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The request body as the server reads it. Regression: a body sent without a Content-Length (chunked) over
 * 10 MB was cut at 10 MB and answered as a truncated request (a 400 "not valid JSON"), where docs/api.md gives
 * 413 for any body over 10 MB.
 */
class ApiServerBodyTest {
    @Test
    void aChunkedBodyOverTenMegabytesWasCutAtTheLimitInsteadOfRefused() throws IOException {
        byte[] tooLarge = new byte[ApiServer.MAX_BODY + 1];

        assertTrue(ApiServer.readBody(new ByteArrayInputStream(tooLarge), ApiServer.MAX_BODY).isEmpty(),
                "refused, not cut to the limit");
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        byte[] atTheLimit = new byte[ApiServer.MAX_BODY];

        assertEquals(ApiServer.MAX_BODY,
                ApiServer.readBody(new ByteArrayInputStream(atTheLimit), ApiServer.MAX_BODY).orElseThrow().length);
    }
}
