package io.bosun.support.logs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Hands each item to every receiver registered now (a whiteboard's services, added and removed as they come and
 * go); a receiver that throws is skipped, never the caller, which is usually in the middle of its own work.
 *
 * @param <R> the receivers (e.g. log sinks)
 * @param <T> the items
 */
public final class Fanout<R, T> {
    private final List<R> receivers = new CopyOnWriteArrayList<>();
    private final BiConsumer<R, T> deliver;
    private final Consumer<RuntimeException> onFailure;

    /**
     * @param deliver how a receiver takes an item (e.g. {@code LogSink::accept})
     * @param onFailure told of a receiver's failure (e.g. a debug log line)
     */
    public Fanout(BiConsumer<R, T> deliver, Consumer<RuntimeException> onFailure) {
        this.deliver = deliver;
        this.onFailure = onFailure;
    }

    public void add(R receiver) {
        receivers.add(receiver);
    }

    public void remove(R receiver) {
        receivers.remove(receiver);
    }

    public void send(T item) {
        for (R receiver : receivers) {
            try {
                deliver.accept(receiver, item);
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }
    }
}
