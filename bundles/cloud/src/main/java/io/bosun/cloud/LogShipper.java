package io.bosun.cloud;

import io.bosun.support.time.Backoffs;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the device's log records to the cloud as a balena device does: one long-lived chunked
 * {@code POST <api>/device/v2/<uuid>/log-stream}, gzip-compressed NDJSON, flushed at most every
 * {@link Timings#flushEvery()}, ended after {@link Timings#idleTeardown()} without a record and opened again when
 * there is something to send.
 *
 * <p>{@link #accept} only encodes and queues (a bounded {@link LogBuffer}); one daemon thread,
 * {@value #THREAD_NAME}, owns the connection. It starts with {@link #start()} rather than in the constructor, so
 * a half-built shipper never runs; records accepted before that wait in the buffer.
 *
 * <p>{@code HttpURLConnection} rather than the JDK's {@code HttpClient}: its chunked streaming mode is a plain
 * blocking {@code OutputStream} that the thread can write and flush as records come, where {@code HttpClient}
 * would need a hand-made reactive publisher with back-pressure, and {@link #close()} can abort it with
 * {@code disconnect()} when a server stops answering. The price: balena's 5 s "early answer" grace after the
 * headers is not reproduced; a server that refuses the stream is noticed at the first failed write or when the
 * stream ends, and both count as a failure.
 */
final class LogShipper implements LogSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    static final String THREAD_NAME = "bosun-cloud-logs";
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** balena's grace for the server's answer; a stuck server must not hold the thread forever. */
    private static final int ANSWER_TIMEOUT_MS = 5_000;
    private static final int CHUNK_BYTES = 16 * 1024;
    /** How long {@link #close()} lets the thread end the stream cleanly before cutting the connection. */
    private static final long CLEAN_CLOSE_MS = 1_500;
    /**
     * How often a thread with nothing to do looks at its flags anyway. Every change it waits for (a record,
     * {@link #close()}) wakes it, so this is only a safety net, kept long: an idle device should not wake up to look.
     */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MINUTES.toNanos(10);

    /**
     * Where the stream goes.
     *
     * @param logStream the full URL, {@code <apiEndpoint>/device/v2/<uuid>/log-stream}
     * @param deviceKey the device API key, sent as a bearer token
     */
    record Destination(URI logStream, String deviceKey) {
        Destination {
            Objects.requireNonNull(logStream, "logStream");
            Objects.requireNonNull(deviceKey, "deviceKey");
        }

        static Destination of(String apiEndpoint, String uuid, String deviceKey) {
            return new Destination(CloudHttp.at(apiEndpoint, "/device/v2/" + uuid + "/log-stream"), deviceKey);
        }

        @Override
        public String toString() {
            return "Destination[" + logStream + "]"; // never the key
        }
    }

    /**
     * The shipper's clock settings.
     *
     * @param flushEvery the longest a written record waits in the gzip stream before a sync flush
     * @param idleTeardown how long an open stream may go without a record before it is ended
     * @param backoffBase the first reconnect delay after a failure, doubled at each further failure
     * @param backoffMax the longest reconnect delay
     * @param bufferBytes how many bytes of encoded lines may wait for the cloud
     */
    record Timings(Duration flushEvery, Duration idleTeardown, Duration backoffBase, Duration backoffMax,
            int bufferBytes) {
        Timings {
            requirePositive(flushEvery, "flushEvery");
            requirePositive(idleTeardown, "idleTeardown");
            requirePositive(backoffBase, "backoffBase");
            requirePositive(backoffMax, "backoffMax");
            if (bufferBytes <= 0) {
                throw new IllegalArgumentException("bufferBytes must be positive: " + bufferBytes);
            }
        }

        /** balena's values (section 1.6 of the supervisor inventory). */
        static Timings balena() {
            return new Timings(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(5),
                    Duration.ofMinutes(5), 256 * 1024);
        }

        /** {@code min(backoffBase · 2^failures, backoffMax)}. */
        Duration backoff(int failures) {
            return Backoffs.capped(backoffBase, failures, backoffMax);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }

    private final Supplier<Optional<Destination>> destination;
    private final Timings timings;
    private final LogBuffer buffer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    /** The open stream, for {@link #close()} to cut when the thread is stuck on a silent server. */
    private volatile Stream stream;

    // Owned by the thread.
    private int failures;
    private long nextAttemptAt = System.nanoTime();
    private long lastWriteAt;
    private long flushAt;
    private int unflushed;

    LogShipper(Supplier<Optional<Destination>> destination, Timings timings) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.timings = Objects.requireNonNull(timings, "timings");
        this.buffer = new LogBuffer(timings.bufferBytes());
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Starts the shipping thread; later calls do nothing. */
    void start() {
        if (!closing.get() && started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    @Override
    public void accept(LogRecord record) {
        if (closing.get() || record == null || currentDestination().isEmpty()) {
            return;
        }
        LogLine.encode(record).ifPresent(buffer::offer);
    }

    /** Lines the server has been handed (written and flushed on a stream that did not fail before the flush). */
    long sent() {
        return sent.get();
    }

    /** Lines refused because the buffer was full (the suppression warnings report them to the cloud). */
    long dropped() {
        return buffer.dropped();
    }

    /** Lines waiting for the cloud. */
    int buffered() {
        return buffer.lineCount();
    }

    /**
     * Ends the open stream (what is buffered is written first, so the server answers its 201) and stops the
     * thread; gives up and cuts the connection after {@value #CLEAN_CLOSE_MS} ms, so it returns in about 2 s at
     * worst. Records still buffered without an open stream are not worth a new connection and are dropped.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed.countDown();
        buffer.wakeUp();
        if (!started.get()) {
            return;
        }
        try {
            thread.join(CLEAN_CLOSE_MS);
            if (thread.isAlive()) {
                Stream open = stream;
                if (open != null) {
                    LOG.debug("The cloud log stream did not end in time; cutting it");
                    open.abort();
                }
                thread.join(400);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Destination> currentDestination() {
        try {
            Optional<Destination> d = destination.get();
            return d == null ? Optional.empty() : d;
        } catch (RuntimeException e) {
            LOG.debug("No log destination", e);
            return Optional.empty();
        }
    }

    private void run() {
        while (!closing.get()) {
            try {
                if (stream == null) {
                    openWhenNeeded();
                } else {
                    shipSome();
                }
            } catch (Throwable t) {
                // Whatever went wrong, the thread must outlive it: the next record may find a working cloud.
                if (t instanceof IOException) {
                    LOG.info("Cloud log stream failed ({}); retrying in {}", t.toString(), timings.backoff(failures));
                } else {
                    LOG.warn("Cloud log shipper hit an unexpected error; going on", t);
                }
                dropStream();
                failed();
            }
        }
        endOnClose();
    }

    private void openWhenNeeded() throws IOException, InterruptedException {
        if (!buffer.awaitWork(IDLE_CHECK_NANOS) || closing.get()) {
            return;
        }
        long wait = nextAttemptAt - System.nanoTime();
        if (wait > 0) {
            closed.await(wait, TimeUnit.NANOSECONDS);
            return;
        }
        Optional<Destination> target = currentDestination();
        if (target.isEmpty()) {
            buffer.clear();
            return;
        }
        stream = Stream.open(target.get());
        lastWriteAt = System.nanoTime();
        unflushed = 0;
    }

    private void shipSome() throws IOException, InterruptedException {
        Stream open = stream;
        long now = System.nanoTime();
        long until = unflushed > 0 ? flushAt : lastWriteAt + timings.idleTeardown().toNanos();
        byte[] line = buffer.poll(until - now);
        now = System.nanoTime();
        if (line != null) {
            open.write(line);
            if (unflushed++ == 0) {
                flushAt = now + timings.flushEvery().toNanos();
            }
            lastWriteAt = now;
        }
        if (unflushed > 0 && now - flushAt >= 0) {
            open.flush();
            sent.addAndGet(unflushed);
            unflushed = 0;
            if (!open.destination.equals(currentDestination().orElse(null))) {
                // Re-provisioned, key rotated or logging turned off: the old stream must not carry on.
                endStream();
            }
        } else if (unflushed == 0 && now - lastWriteAt >= timings.idleTeardown().toNanos()) {
            endStream();
        }
    }

    private void endStream() throws IOException {
        Stream open = stream;
        int status = open.finish();
        stream = null;
        if (status / 100 == 2) {
            failures = 0;
        } else {
            LOG.info("Cloud log stream ended with HTTP {}; retrying in {}", status, timings.backoff(failures));
            failed();
        }
    }

    private void endOnClose() {
        Stream open = stream;
        if (open == null) {
            return;
        }
        try {
            for (byte[] line = buffer.poll(0); line != null; line = buffer.poll(0)) {
                open.write(line);
                unflushed++;
            }
            open.flush();
            sent.addAndGet(unflushed);
            unflushed = 0;
            endStream();
        } catch (IOException | RuntimeException | InterruptedException e) {
            LOG.debug("Could not end the cloud log stream cleanly", e);
            dropStream();
        }
    }

    private void dropStream() {
        Stream open = stream;
        stream = null;
        unflushed = 0;
        if (open != null) {
            open.abort();
        }
    }

    private void failed() {
        nextAttemptAt = System.nanoTime() + timings.backoff(failures).toNanos();
        if (failures < 30) {
            failures++;
        }
    }

    /** One open log-stream request: the gzip body over the chunked request body. */
    private static final class Stream {
        final Destination destination;
        private final HttpURLConnection connection;
        private final GZIPOutputStream body;

        private Stream(Destination destination, HttpURLConnection connection, GZIPOutputStream body) {
            this.destination = destination;
            this.connection = connection;
            this.body = body;
        }

        static Stream open(Destination destination) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) destination.logStream().toURL().openConnection();
            try {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setUseCaches(false);
                connection.setInstanceFollowRedirects(false);
                connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
                connection.setReadTimeout(ANSWER_TIMEOUT_MS);
                connection.setChunkedStreamingMode(CHUNK_BYTES);
                connection.setRequestProperty("Authorization", "Bearer " + destination.deviceKey());
                connection.setRequestProperty("Content-Type", "application/x-ndjson");
                connection.setRequestProperty("Content-Encoding", "gzip");
                // syncFlush: flush() must push every written line out, not just what the deflater let go.
                GZIPOutputStream body = new GZIPOutputStream(connection.getOutputStream(), CHUNK_BYTES, true);
                return new Stream(destination, connection, body);
            } catch (IOException | RuntimeException e) {
                connection.disconnect();
                throw e;
            }
        }

        void write(byte[] line) throws IOException {
            body.write(line);
        }

        void flush() throws IOException {
            body.flush();
        }

        /** Ends the body and reads the answer. */
        int finish() throws IOException {
            try {
                body.close();
                int status = connection.getResponseCode();
                drainAnswer(status);
                return status;
            } finally {
                connection.disconnect();
            }
        }

        void abort() {
            connection.disconnect();
        }

        private void drainAnswer(int status) {
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) {
                    in.readNBytes(4096);
                }
            } catch (IOException e) {
                // The status is what counts; a lost answer body changes nothing.
            }
        }
    }
}
