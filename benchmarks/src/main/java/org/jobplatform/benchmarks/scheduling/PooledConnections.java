package org.jobplatform.benchmarks.scheduling;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

import org.quartz.utils.ConnectionProvider;

/**
 * A minimal connection pool for Quartz's JDBC job store (Quartz's own providers need c3p0 or HikariCP): up to
 * {@code size} PostgreSQL connections opened on demand and kept; a connection Quartz closes goes back to the pool.
 */
final class PooledConnections implements ConnectionProvider {

    private final String url;
    private final String user;
    private final String password;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private final List<Connection> all = new ArrayList<>();
    private final int size;

    PooledConnections(String url, String user, String password, int size) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.size = size;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = idle.pollFirst();
        if (real == null) {
            synchronized (all) {
                if (all.size() < size) {
                    real = DriverManager.getConnection(url, user, password);
                    all.add(real);
                }
            }
        }
        if (real == null) {
            try {
                real = idle.takeFirst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted waiting for a connection", e);
            }
        }
        return lend(real);
    }

    private Connection lend(Connection real) throws SQLException {
        real.setAutoCommit(true);
        boolean[] returned = new boolean[1];
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            synchronized (returned) {
                                if (!returned[0]) {
                                    returned[0] = true;
                                    if (!real.getAutoCommit()) {
                                        real.rollback();
                                    }
                                    idle.offerFirst(real);
                                }
                            }
                            return null;
                        case "isClosed":
                            return returned[0] || real.isClosed();
                        case "unwrap":
                            return real.unwrap((Class<?>) args[0]);
                        default:
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    @Override
    public void shutdown() throws SQLException {
        synchronized (all) {
            for (Connection connection : all) {
                connection.close();
            }
            all.clear();
        }
    }

    @Override
    public void initialize() {
    }
}
