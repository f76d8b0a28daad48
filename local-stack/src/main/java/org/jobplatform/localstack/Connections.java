package org.jobplatform.localstack;

/**
 * Where the services find Kafka and PostgreSQL.
 *
 * @param kafkaBootstrapServers the Kafka bootstrap address
 * @param dbHost                the PostgreSQL host
 * @param dbPort                the PostgreSQL port
 * @param dbName                the database name
 * @param dbUser                the database user
 * @param dbPassword            the database password
 */
public record Connections(String kafkaBootstrapServers, String dbHost, int dbPort, String dbName, String dbUser,
        String dbPassword) {

    /**
     * Returns the JDBC URL of the database.
     *
     * @return {@code jdbc:postgresql://<host>:<port>/<name>}
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName;
    }
}
