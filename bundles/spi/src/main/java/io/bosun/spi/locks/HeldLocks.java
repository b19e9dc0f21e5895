package io.bosun.spi.locks;

/** Locks the supervisor holds; {@link #close()} releases them. */
public interface HeldLocks extends AutoCloseable {

    /** The app the locks belong to. */
    long appId();

    @Override
    void close();
}
