package io.bosun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The request body as the servlet reads it. Regression: a body sent without a Content-Length (chunked) over
 * 10 MB was cut at 10 MB and answered as a truncated request (a 400 "not valid JSON"), where docs/api.md gives
 * 413 for any body over 10 MB.
 */
class ApiServletBodyTest {
    @Test
    void aChunkedBodyOverTenMegabytesWasCutAtTheLimitInsteadOfRefused() throws IOException {
        byte[] tooLarge = new byte[ApiServlet.MAX_BODY + 1];

        assertTrue(ApiServlet.readBody(new ByteArrayInputStream(tooLarge), ApiServlet.MAX_BODY).isEmpty(),
                "refused, not cut to the limit");
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        byte[] atTheLimit = new byte[ApiServlet.MAX_BODY];

        assertEquals(ApiServlet.MAX_BODY,
                ApiServlet.readBody(new ByteArrayInputStream(atTheLimit), ApiServlet.MAX_BODY).orElseThrow().length);
    }
}
