package io.bosun.api;

import io.bosun.spi.api.ApiRoute;
import io.bosun.spi.api.ApiResponse;
import io.bosun.spi.api.ApiRouteException;
import io.bosun.spi.api.Access;
import io.bosun.spi.api.StreamBody;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ServiceIdentity;
import io.bosun.spi.keys.KeyHolder;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The device's logs, from Bosun's one {@link LogStream}: {@code GET /v2/local/logs} (balena's local log stream,
 * served in every mode) and {@code POST /v2/journal-logs} (balena runs journalctl; here the same arguments
 * select from the stream's history and follow it, see {@link JournalQuery}). A stream stops, and lets go of its
 * subscription, as soon as a write shows that the client is gone.
 */
final class LogRoutes {
    static final String NDJSON = "application/x-ndjson";
    static final String TEXT = "text/plain;charset=utf-8";
    /** A silent follow writes an empty line this often, to notice a client that left. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /**
     * Streams open at once, at most: each holds a server thread for as long as its client stays, and without a
     * bound enough of them would leave none for {@code /ping} and the other routes.
     */
    static final int MAX_STREAMS = 16;

    private final Services services;
    private final Duration keepAlive;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    LogRoutes(Services services) {
        this(services, KEEP_ALIVE);
    }

    LogRoutes(Services services, Duration keepAlive) {
        this.services = services;
        this.keepAlive = keepAlive;
    }

    List<ApiRoute> routes() {
        return List.of(
                Route.of("GET", "/v2/local/logs", Access.ANY_KEY, this::localLogs),
                Route.of("POST", "/v2/journal-logs", Access.DEVICE_KEY, this::journalLogs));
    }

    /** balena's first line, then every record from now on that the caller may see, until the client goes. */
    private ApiResponse localLogs(Call call) throws ApiRouteException {
        LogStream stream = services.requireLogs();
        Predicate<LogRecord> visible = visibleTo(call.caller());
        return bounded(NDJSON, out -> {
            LineOutput lines = new LineOutput(out);
            // Subscribed before the first line, so that the records that come while it is written are kept.
            try (LogFeed feed = new LogFeed(stream, visible)) {
                lines.line(LogLines.STREAMING);
                new LogPump(lines, LogLines::json, keepAlive).follow(feed, stillTheDevices(stream), Optional.empty());
            }
        });
    }

    /**
     * The last records kept that match, and with {@code follow} the new ones as they come. Subscribing comes
     * before reading the history, so that no record falls between the two.
     */
    private ApiResponse journalLogs(Call call) throws ApiRouteException {
        JournalQuery query = JournalQuery.parse(call.json());
        LogStream stream = services.requireLogs();
        Predicate<LogRecord> wanted = visibleTo(call.caller()).and(query::matches);
        if (query.containerId().isPresent()) {
            wanted = wanted.and(ofContainer(query.containerId().get()));
        }
        Predicate<LogRecord> selected = wanted;
        boolean json = query.format() == JournalQuery.Format.JSON;
        Function<LogRecord, String> format = json ? LogLines::json : LogLines::text;
        return bounded(json ? NDJSON : TEXT, out -> {
            LogPump pump = new LogPump(new LineOutput(out), format, keepAlive);
            if (!query.follow()) {
                writeBacklog(stream, selected, query.backlog(), pump);
                return;
            }
            try (LogFeed feed = new LogFeed(stream, selected)) {
                feed.skipRepeatsOf(writeBacklog(stream, selected, query.backlog(), pump));
                pump.follow(feed, stillTheDevices(stream), query.until());
            }
        });
    }

    /** A stream that holds one of the {@link #MAX_STREAMS} places while it runs; 503 when none is free. */
    private ApiResponse bounded(String contentType, StreamBody body) throws ApiRouteException {
        if (!streams.tryAcquire()) {
            throw new ApiRouteException(ApiResponse.failed(503, "Too many log streams are open (" + MAX_STREAMS
                    + "); close one and try again"));
        }
        return ApiResponse.stream(200, contentType, out -> {
            try {
                body.writeTo(out);
            } finally {
                streams.release();
            }
        });
    }

    /** Writes the last {@code count} matching records kept; returns every matching record kept. */
    private static List<LogRecord> writeBacklog(LogStream stream, Predicate<LogRecord> selected, int count,
            LogPump pump) throws IOException {
        List<LogRecord> matching = stream.recent(Integer.MAX_VALUE).stream().filter(selected).toList();
        for (LogRecord record : matching.subList(Math.max(0, matching.size() - count), matching.size())) {
            pump.write(record);
        }
        return matching;
    }

    /**
     * A scoped key sees the supervisor's lines and its own app's; balena shows every app's lines to any key, and
     * Bosun keeps a service from reading another app's output.
     */
    static Predicate<LogRecord> visibleTo(KeyHolder caller) {
        return record -> caller.global() || record.system() || record.appId().filter(caller::mayActOn).isPresent();
    }

    /**
     * The lines of the services whose container id starts with {@code containerId}, as the engine knows them
     * now; none when no container has that id.
     */
    private Predicate<LogRecord> ofContainer(String containerId) throws ApiRouteException {
        List<ServiceIdentity> matched = services.requireEngine().currentState().containers().stream()
                .filter(c -> c.id().startsWith(containerId)).map(ContainerView::identity).toList();
        return record -> !record.system() && matched.stream().anyMatch(s -> record.appId().equals(
                Optional.of(s.appId())) && record.serviceName().equals(Optional.of(s.serviceName())));
    }

    /** Whether the stream subscribed to is still the device's: one that went will send nothing more. */
    private BooleanSupplier stillTheDevices(LogStream stream) {
        return () -> services.logs().get().orElse(null) == stream;
    }
}
