package io.lokiz.kernel;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * JDBC on the container's data source. Inside a JTA transaction the connection is the
 * transaction's own (the one Hibernate uses too): closing the handle commits nothing, so work done
 * here commits or rolls back with everything else the caller does.
 */
public final class Jdbc {

    private Jdbc() {
    }

    /** Work on a connection that may also throw a checked exception of its own. */
    public interface Work<T, E extends Exception> {
        T apply(Connection c) throws SQLException, E;
    }

    /** Runs {@code work}; a database failure becomes an {@link IllegalStateException} naming {@code what}. */
    public static <T, E extends Exception> T run(DataSource database, String what, Work<T, E> work) throws E {
        try (Connection c = database.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException(what + " unavailable: " + e.getMessage(), e);
        }
    }
}
