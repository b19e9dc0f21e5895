package io.bosun.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one container's output. Without a terminal the engine multiplexes stdout and stderr in frames
 * (8-byte header: stream, 3 zero bytes, big-endian length); with one it sends a single raw stream. Each line
 * starts with the engine's RFC 3339 timestamp.
 */
final class LogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    private final DockerHttpClient.Response response;
    private final Thread reader;

    LogFollower(EngineHttp http, ContainerView container, boolean tty, Instant since, LogSink sink)
            throws EngineException {
        String path = "/containers/" + container.id() + "/logs?follow=1&stdout=1&stderr=1&timestamps=1&since="
                + since.getEpochSecond() + "." + String.format("%09d", since.getNano());
        this.response = http.open("GET", path, Map.of(), Kind.NOT_FOUND);
        this.reader = new Thread(() -> read(response.getBody(), tty, container, sink),
                "bosun-logs-" + container.identity().serviceName());
        reader.setDaemon(true);
        reader.start();
    }

    private static void read(InputStream body, boolean tty, ContainerView container, LogSink sink) {
        LineSplitter[] streams = {
            new LineSplitter(line -> pass(sink, record(line, false, container))),
            new LineSplitter(line -> pass(sink, record(line, true, container)))};
        try {
            if (tty) {
                byte[] chunk = new byte[8192];
                for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
                    streams[0].feed(chunk, 0, n);
                }
                streams[0].end();
                return;
            }
            DataInputStream frames = new DataInputStream(body);
            byte[] chunk = new byte[8192];
            while (true) {
                int stream = frames.readUnsignedByte();
                frames.skipBytes(3);
                // The frame's length is the engine's; only a bounded chunk of it is read at a time.
                for (long left = Integer.toUnsignedLong(frames.readInt()); left > 0;) {
                    int n = (int) Math.min(chunk.length, left);
                    frames.readFully(chunk, 0, n);
                    streams[stream == 2 ? 1 : 0].feed(chunk, 0, n);
                    left -= n;
                }
            }
        } catch (EOFException e) {
            // The container went away or the follow was closed: the stream simply ends.
            streams[0].end();
            streams[1].end();
        } catch (IOException e) {
            // Closed from our side.
        }
    }

    /** A sink that fails loses that line; the follow goes on for the next ones. */
    private static void pass(LogSink sink, LogRecord record) {
        try {
            sink.accept(record);
        } catch (RuntimeException e) {
            LOG.debug("A log sink failed on a line of {}", record.serviceName().orElse("?"), e);
        }
    }

    static LogRecord record(String line, boolean stdErr, ContainerView container) {
        int space = line.indexOf(' ');
        Instant timestamp = Instant.now();
        String message = line;
        if (space > 0) {
            try {
                timestamp = Instant.parse(line.substring(0, space));
                message = line.substring(space + 1);
            } catch (DateTimeParseException e) {
                // A line without the engine's timestamp: keep it whole, stamped now.
            }
        }
        String text = message.endsWith("\r") ? message.substring(0, message.length() - 1) : message;
        return new LogRecord(timestamp, LineSplitter.bounded(text),
                false, stdErr, Optional.of(container.identity().appId()),
                Optional.of(container.identity().serviceName()), Optional.of(container.identity().serviceId()));
    }

    @Override
    public void close() {
        response.close();
        reader.interrupt();
    }
}
