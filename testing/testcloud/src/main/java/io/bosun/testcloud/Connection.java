package io.bosun.testcloud;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.zip.ZipException;

/** Serves the requests of one kept-alive connection in turn, applying any fault a test asked for. */
final class Connection implements LoopbackServer.ConnectionHandler {
    private final RequestHandler handler;
    private final Faults faults;
    private final RequestJournal journal;

    Connection(RequestHandler handler, Faults faults, RequestJournal journal) {
        this.handler = handler;
        this.faults = faults;
        this.journal = journal;
    }

    @Override
    public void serve(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        boolean open = true;
        while (open) {
            RequestHead head = RequestHead.read(in);
            if (head == null) {
                return;
            }
            try {
                open = serveOne(head, in, out);
            } catch (InterruptedException e) {
                return; // the cloud is closing
            }
        }
    }

    /** Answers one request; false when the connection must end after it. */
    private boolean serveOne(RequestHead head, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        RequestJournal.Entry entry = journal.begin(head);
        RequestBody body = RequestBody.of(head, in);
        if (head.expectsContinue()) {
            ResponseWriter.writeContinue(out);
        }
        boolean keepAlive = head.keepAlive();
        Fault fault = faults.take(head.method(), head.target());
        Response response;
        try {
            if (fault != null && fault.replacesAnswer()) {
                if (handler.isStreaming(head)) {
                    keepAlive = false; // the unread stream makes the connection unusable
                } else {
                    body.drain();
                }
                response = fault.answer();
            } else {
                if (fault != null && fault.kind() == Fault.Kind.DELAY) {
                    Thread.sleep(fault.delay().toMillis());
                }
                response = handler.handle(new Exchange(head, body));
                if (response.bodyLeftUnread()) {
                    keepAlive = false;
                } else {
                    body.drain(); // a route that had no use for the body still must not leave it on the connection
                }
            }
        } catch (ZipException | Exchange.BadRequestException e) {
            response = Response.status(400);
            keepAlive = false; // the rest of a bad body cannot be trusted to be framed right
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted while reading a request");
        }
        entry.complete(body.captured(), response.status());
        if (fault != null && fault.kind() == Fault.Kind.DROP_MID_BODY) {
            ResponseWriter.writeTruncated(out, response);
            return false;
        }
        ResponseWriter.write(out, response, keepAlive);
        return keepAlive;
    }
}
