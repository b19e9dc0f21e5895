package io.bosun.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.EngineException;
import io.bosun.spi.engine.EngineException.Kind;
import io.bosun.spi.logs.LogRecord;
import io.bosun.spi.logs.LogSink;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Follows one container's output. Without a terminal the engine multiplexes stdout and stderr in frames
 * (8-byte header: stream, 3 zero bytes, big-endian length); with one it sends a single raw stream. Each line
 * starts with the engine's RFC 3339 timestamp.
 */
final class LogFollower implements AutoCloseable {
    private final DockerHttpClient.Response response;
    private final Thread reader;

    LogFollower(EngineHttp http, ContainerView container, Instant since, LogSink sink) throws EngineException {
        String path = "/containers/" + container.id() + "/logs?follow=1&stdout=1&stderr=1&timestamps=1&since="
                + since.getEpochSecond() + "." + String.format("%09d", since.getNano());
        this.response = http.open("GET", path, Map.of(), Kind.NOT_FOUND);
        boolean tty = container.config().tty();
        this.reader = new Thread(() -> read(response.getBody(), tty, container, sink),
                "bosun-logs-" + container.identity().serviceName());
        reader.setDaemon(true);
        reader.start();
    }

    private static void read(InputStream body, boolean tty, ContainerView container, LogSink sink) {
        try {
            if (tty) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    sink.accept(record(line, false, container));
                }
                return;
            }
            DataInputStream frames = new DataInputStream(body);
            ByteArrayOutputStream[] partial = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
            while (true) {
                int stream = frames.readUnsignedByte();
                frames.skipBytes(3);
                byte[] payload = new byte[frames.readInt()];
                frames.readFully(payload);
                ByteArrayOutputStream buffer = partial[stream == 2 ? 1 : 0];
                for (byte b : payload) {
                    if (b == '\n') {
                        sink.accept(record(buffer.toString(StandardCharsets.UTF_8), stream == 2, container));
                        buffer.reset();
                    } else {
                        buffer.write(b);
                    }
                }
            }
        } catch (EOFException e) {
            // The container went away or the follow was closed: the stream simply ends.
        } catch (IOException e) {
            // Closed from our side.
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
        return new LogRecord(timestamp, message.endsWith("\r") ? message.substring(0, message.length() - 1) : message,
                false, stdErr, Optional.of(container.identity().appId()),
                Optional.of(container.identity().serviceName()), Optional.of(container.identity().serviceId()));
    }

    @Override
    public void close() {
        response.close();
        reader.interrupt();
    }
}
