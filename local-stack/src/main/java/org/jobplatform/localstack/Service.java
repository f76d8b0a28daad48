package org.jobplatform.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The services of the platform with the HTTP port each one gets in the local stack. */
public enum Service {

    /** The maintenance-service module. */
    MAINTENANCE_SERVICE("maintenance-service", 8081),
    /** The job-service module. */
    JOB_SERVICE("job-service", 8082),
    /** The scheduler-service module. */
    SCHEDULER_SERVICE("scheduler-service", 8083),
    /** The robot-gateway module. */
    ROBOT_GATEWAY("robot-gateway", 8084),
    /** The audit-service module. */
    AUDIT_SERVICE("audit-service", 8085);

    private final String moduleName;
    private final int port;

    Service(String moduleName, int port) {
        this.moduleName = moduleName;
        this.port = port;
    }

    /**
     * Returns the Maven module name, which is also the name of the executable jar.
     *
     * @return for example {@code job-service}
     */
    public String moduleName() {
        return moduleName;
    }

    /**
     * Returns the HTTP port the service listens on in the local stack.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the base URL of the service.
     *
     * @return {@code http://localhost:<port>}
     */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /**
     * Returns the URL of the service's Swagger UI.
     *
     * @return {@code http://localhost:<port>/swagger-ui.html}
     */
    public String swaggerUiUrl() {
        return baseUrl() + "/swagger-ui.html";
    }

    /**
     * Returns the readiness endpoint polled before the stack is reported as up.
     *
     * @return {@code http://localhost:<port>/actuator/health/readiness}
     */
    public String readinessUrl() {
        return baseUrl() + "/actuator/health/readiness";
    }

    /**
     * Returns where the build puts the service's executable jar.
     *
     * @param projectRoot the folder holding {@code mvnw}
     * @return {@code <root>/<name>/target/<name>.jar}
     */
    public Path jar(Path projectRoot) {
        return projectRoot.resolve(moduleName).resolve("target").resolve(moduleName + ".jar");
    }

    /**
     * Looks a service up by its module name, ignoring case; the {@code -service} suffix may be left out.
     *
     * @param name for example {@code job-service} or {@code job}
     * @return the matching service
     * @throws IllegalArgumentException when no service has that name
     */
    public static Service fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Service service : values()) {
            if (service.moduleName.equals(wanted) || service.moduleName.equals(wanted + "-service")) {
                return service;
            }
        }
        throw new IllegalArgumentException("Unknown service '" + name + "'; known services: " + names());
    }

    /**
     * Returns the module names of all services, comma-separated.
     *
     * @return for example {@code maintenance-service,job-service,...}
     */
    public static String names() {
        return Arrays.stream(values()).map(Service::moduleName).collect(Collectors.joining(","));
    }
}
