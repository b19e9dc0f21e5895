package io.bosun.spi.store;

import io.bosun.spi.target.TargetState;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Durable supervisor state. Every write is atomic: it happens whole or not at all. */
@ProviderType
public interface StateStore {

    /** The stored target, if one was ever stored. */
    Optional<StoredTarget> target() throws StoreException;

    /** Replaces the stored target in one transaction. */
    void replaceTarget(TargetState target, String source) throws StoreException;

    /** A supervisor key/value. */
    Optional<String> value(String key) throws StoreException;

    /** Sets a supervisor key/value. */
    void putValue(String key, String value) throws StoreException;
}
