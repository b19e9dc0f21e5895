package io.bosun.api.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on blocking sockets: one thread accepts, one thread serves each open connection, and
 * nothing runs on a timer. An idle device's API therefore never wakes (the JDK's server polls its selector every
 * second and checks idle connections every ten: most of an idle minute's CPU budget; docs/decisions.md).
 *
 * <p>Connection threads come from a pool that keeps none idle for more than a minute. Idle keep-alive connections
 * close after {@link #IDLE_TIMEOUT_MS}; beyond {@code maxConnections} a new connection gets a 503 and is closed.
 */
public final class WireServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(WireServer.class);
    /** How long a connection may be silent, between requests or inside one, before it is closed. */
    static final int IDLE_TIMEOUT_MS = 30_000;
    private static final int LINGER_MS = 1_000;
    private static final long LINGER_BYTES = 1 << 20;
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain;charset=utf-8\r\n"
            + "Content-Length: 21\r\nConnection: close\r\n\r\nToo many connections\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final Handler handler;
    private final ThreadPoolExecutor connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Answers one request; whatever it has not sent when it returns, the server completes. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private WireServer(ServerSocket listener, Handler handler, String threadPrefix, int maxConnections) {
        this.listener = listener;
        this.handler = handler;
        AtomicInteger threads = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, maxConnections, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> new Thread(task, threadPrefix + threads.incrementAndGet()));
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "accept");
        acceptor.setDaemon(true);
    }

    /** Binds the address and starts accepting. */
    public static WireServer listen(InetSocketAddress address, Handler handler, String threadPrefix,
            int maxConnections) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, 64);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        WireServer server = new WireServer(listener, handler, threadPrefix, maxConnections);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Stops accepting and closes every open connection: a request still being answered fails on its next I/O. The
     * port is free when this returns (a socket closed while another thread accepts on it is released only once that
     * thread has left {@code accept}), so the same address can be bound again at once.
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        open.forEach(WireServer::closeQuietly);
        connections.shutdownNow();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("The device API stopped accepting connections: {}", e.toString());
                }
                return;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                refuseBusy(socket);
            }
        }
    }

    private static void refuseBusy(Socket socket) {
        try (socket) {
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(BUSY);
        } catch (IOException e) {
            LOG.debug("A refused connection went away: {}", e.toString());
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        try (socket) {
            if (closed) {
                return;
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            while (!closed) {
                RequestHead head;
                try {
                    head = RequestHead.read(in);
                } catch (BadRequest e) {
                    Exchange.refuse(out, e);
                    lingerClose(socket, in);
                    return;
                }
                if (head == null) {
                    return;
                }
                Exchange exchange = new Exchange(head, in, out);
                try {
                    handler.handle(exchange);
                } catch (BadRequest e) {
                    LOG.debug("A request body could not be read: {}", e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("A request failed: {} {}", head.method(), head.rawPath(), e);
                }
                if (!exchange.finish()) {
                    lingerClose(socket, in);
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("An idle connection of the device API closed");
        } catch (SocketException e) {
            LOG.debug("A connection of the device API closed: {}", e.toString());
        } catch (IOException e) {
            LOG.debug("A connection of the device API failed: {}", e.toString());
        } finally {
            open.remove(socket);
        }
    }

    /**
     * Ends the answer, then reads what the client is still sending for a moment before closing: closed with unread
     * bytes, the socket would reset the connection, and the client could lose the answer it was about to read.
     */
    private static void lingerClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(LINGER_MS);
        byte[] sink = new byte[8192];
        long deadline = System.nanoTime() + LINGER_MS * 1_000_000L;
        long read = 0;
        try {
            for (int n = in.read(sink); n >= 0 && read < LINGER_BYTES && System.nanoTime() < deadline;
                    n = in.read(sink)) {
                read += n;
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("A client kept its connection open after its last answer");
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("Closing: {}", e.toString());
        }
    }
}
