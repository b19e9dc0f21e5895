package io.bosun.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
