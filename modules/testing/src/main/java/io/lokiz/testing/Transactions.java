package io.lokiz.testing;

import javax.sql.DataSource;
import java.sql.Connection;

/** Work in one transaction of its own, as a server request would do it: committed, or rolled back on any error. */
public final class Transactions {

    private Transactions() {
    }

    /** Work on a connection. */
    public interface Work<T> {
        T apply(Connection c) throws Exception;
    }

    public static <T> T tx(DataSource db, Work<T> work) throws Exception {
        try (Connection c = db.getConnection()) {
            return tx(c, work);
        }
    }

    /** A transaction on a connection kept open, as a pooled one is: what a busy worker does without a connection per step. */
    public static <T> T tx(Connection c, Work<T> work) throws Exception {
        c.setAutoCommit(false);
        try {
            T result = work.apply(c);
            c.commit();
            return result;
        } catch (Exception e) {
            c.rollback();
            throw e;
        }
    }
}
