package org.caseload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A PostgreSQL advisory lock held on its own connection while a job runs, so that two processes
 * on one database (two schedulers, or a scheduler and an operator at the command line) never run
 * the same job at once. PostgreSQL releases it if the process dies.
 */
public final class RunLock implements AutoCloseable {

    private final Connection connection;
    private final long key;

    private RunLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock, or null when another process holds it. */
    public static RunLock tryAcquire(DataSource dataSource, String name) throws SQLException {
        long key = ("caseload." + name).hashCode();
        Connection c = dataSource.getConnection();
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return new RunLock(c, key);
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return null;
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } finally {
            connection.close();
        }
    }
}
