package io.bosun.spi.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One namespace's records, each under a key, of one of three types: a text, a set of texts (members) or a map of
 * texts (entries). Every write is one transaction: it happens whole or not at all, and survives a crash or power
 * loss once it returns; two writers of one key never lose each other's change.
 */
@ProviderType
public interface Records {

    /** The namespace these records belong to. */
    String namespace();

    /** A text record. */
    Optional<String> get(String key) throws StoreException;

    /** Sets a text record. */
    void put(String key, String value) throws StoreException;

    /**
     * Reads and changes a text record in one transaction: {@code change} gets the value as stored (empty when
     * none) and returns the new one (empty removes it).
     *
     * @return the new value
     */
    Optional<String> update(String key, UnaryOperator<Optional<String>> change) throws StoreException;

    /** Removes the record of that key, whatever its type; nothing happens if there is none. */
    void remove(String key) throws StoreException;

    /** The members of a set record, sorted; empty when none. */
    Set<String> members(String key) throws StoreException;

    /** Adds a member; returns whether it was not there yet. */
    boolean addMember(String key, String member) throws StoreException;

    /** Removes a member; returns whether it was there. */
    boolean removeMember(String key, String member) throws StoreException;

    /** Keeps only the members that are also in {@code kept}. */
    void retainMembers(String key, Collection<String> kept) throws StoreException;

    /** The entries of a map record, in the order they were first set; empty when none. */
    Map<String, String> entries(String key) throws StoreException;

    /** Sets the given entries, keeping the others. */
    void putEntries(String key, Map<String, String> entries) throws StoreException;
}
