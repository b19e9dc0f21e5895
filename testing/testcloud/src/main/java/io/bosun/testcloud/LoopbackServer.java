package io.bosun.testcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket on 127.0.0.1 with a daemon thread per connection. It can stop listening and listen again
 * on the same port, which is how the test cloud goes down and comes back.
 */
final class LoopbackServer implements AutoCloseable {

    /** What serves one accepted connection, on its own thread, until the connection ends. */
    interface ConnectionHandler {
        void serve(Socket socket) throws IOException;
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ConnectionHandler handler;
    private final Set<Socket> openSockets = new HashSet<>();
    private final Set<Thread> connectionThreads = new HashSet<>();
    private ServerSocket listener;
    private int port;
    private boolean closed;

    private LoopbackServer(ConnectionHandler handler) {
        this.handler = handler;
    }

    /** Listens on an ephemeral port of 127.0.0.1. */
    static LoopbackServer start(ConnectionHandler handler) {
        LoopbackServer server = new LoopbackServer(handler);
        try {
            server.listen(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        return server;
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean listening() {
        return listener != null;
    }

    /**
     * Stops listening and cuts every open connection: a cloud that is down answers nothing, not even on a
     * connection a client kept alive.
     */
    synchronized void stopListening() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        for (Socket socket : openSockets) {
            closeQuietly(socket);
        }
    }

    /** Listens again on the port it had before. */
    synchronized void resumeListening() {
        if (closed) {
            throw new IllegalStateException("the test cloud is closed");
        }
        if (listener != null) {
            return;
        }
        // The port was ours a moment ago, but the OS may need a moment to let go of it.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                listen(port);
                return;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " again", e);
                }
                sleepBriefly();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " again", e);
            }
        }
    }

    @Override
    public void close() {
        Set<Thread> threads;
        synchronized (this) {
            closed = true;
            stopListening();
            threads = new HashSet<>(connectionThreads);
        }
        // A connection thread may be sleeping on a delay fault; there is nobody left to answer.
        threads.forEach(Thread::interrupt);
    }

    private void listen(int wantedPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // Lets the same port be bound again while connections of the last listener linger in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 128);
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
        listener = socket;
        port = socket.getLocalPort();
        Thread acceptor = new Thread(() -> acceptUntilClosed(socket), "testcloud-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptUntilClosed(ServerSocket socket) {
        while (true) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return; // the listener was closed: down or closed
            }
            if (!register(connection)) {
                closeQuietly(connection);
                continue;
            }
            Thread thread = new Thread(() -> serve(connection), "testcloud-connection-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            synchronized (this) {
                connectionThreads.add(thread);
            }
            thread.start();
        }
    }

    private synchronized boolean register(Socket connection) {
        if (listener == null) {
            return false; // accepted in the instant the cloud went down
        }
        openSockets.add(connection);
        return true;
    }

    private void serve(Socket connection) {
        try {
            connection.setTcpNoDelay(true);
            handler.serve(connection);
        } catch (IOException e) {
            // The client went away or the cloud went down; either way the connection is over.
        } finally {
            closeQuietly(connection);
            synchronized (this) {
                openSockets.remove(connection);
                connectionThreads.remove(Thread.currentThread());
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebinding", e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing to do: it is going away either way
        }
    }
}
