package org.jobplatform.localstack;

import java.nio.file.Path;
import java.util.List;

/** Renders the text printed once every service of the local stack is ready. */
public final class Banner {

    private Banner() {
    }

    /**
     * Renders the banner.
     *
     * @param services    the running services
     * @param connections where Kafka and PostgreSQL are reachable
     * @param dataDir     the data folder
     * @return the banner text, ending with a line break
     */
    public static String render(List<Service> services, Connections connections, Path dataDir) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append(nl).append("Job platform local stack is up").append(nl).append(nl);
        text.append(String.format("  %-20s %-24s %s%n", "Service", "URL", "Swagger UI"));
        for (Service service : services) {
            text.append(String.format("  %-20s %-24s %s%n", service.moduleName(), service.baseUrl(),
                    service.swaggerUiUrl()));
        }
        text.append(nl);
        text.append("  Kafka bootstrap   ").append(connections.kafkaBootstrapServers()).append(nl);
        text.append("  PostgreSQL        ").append(connections.jdbcUrl())
                .append("  (user ").append(connections.dbUser())
                .append(", password ").append(connections.dbPassword()).append(')').append(nl);
        text.append("  Data and logs     ").append(dataDir).append(nl);
        text.append(nl);
        text.append("  Default users").append(nl);
        text.append("    admin  / admin    host admin").append(nl);
        text.append("    acme   / acme     tenant acme").append(nl);
        text.append("    globex / globex   tenant globex").append(nl);
        text.append(nl);
        text.append("Press Ctrl-C to stop").append(nl);
        return text.toString();
    }
}
