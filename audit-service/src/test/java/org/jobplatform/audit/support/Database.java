package org.jobplatform.audit.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.jobplatform.testsupport.SharedInfrastructure;

/** Plain JDBC on the shared PostgreSQL, in the audit's schema, for what a test does behind the service's back. */
public final class Database {

    /** A new connection with search path {@code audit}; the caller closes it. */
    public static Connection connect() throws SQLException {
        Map<String, String> p = SharedInfrastructure.properties();
        Connection connection = DriverManager.getConnection("jdbc:postgresql://" + p.get(SharedInfrastructure.DB_HOST)
                + ":" + p.get(SharedInfrastructure.DB_PORT) + "/" + p.get(SharedInfrastructure.DB_NAME)
                + "?currentSchema=audit", p.get(SharedInfrastructure.DB_USER), p.get(SharedInfrastructure.DB_PASSWORD));
        return connection;
    }

    /** Runs statements in one transaction; answers the rows the last one changed. */
    public static int execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            int changed = 0;
            for (String sql : statements) {
                changed = statement.executeUpdate(sql);
            }
            connection.commit();
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Database() {
    }
}
