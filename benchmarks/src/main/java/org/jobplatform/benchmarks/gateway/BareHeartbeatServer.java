package org.jobplatform.benchmarks.gateway;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Mono;

/**
 * The bare endpoint the gateway is compared with: a Spring Boot WebFlux application (Reactor Netty, Jackson) whose
 * {@code POST /bare/heartbeat} reads and checks the heartbeat body as robot-gateway does and answers the same shape,
 * with no security, no maintenance gate and no Kafka. Started by the benchmark as a child JVM with the services'
 * JVM options; no component scan, so nothing else of the benchmarks jar becomes a bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(BareHeartbeatServer.HeartbeatEndpoint.class)
public class BareHeartbeatServer {

    /** The endpoint's path. */
    public static final String PATH = "/bare/heartbeat";
    /** The {@code pollAfterMs} of every answer, robot-gateway's default. */
    public static final long POLL_AFTER_MS = 5000;

    /**
     * Runs the application; {@code --server.port=N} chooses the port.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BareHeartbeatServer.class);
        application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
        application.run(args);
    }

    /** The heartbeat endpoint. */
    @RestController
    public static class HeartbeatEndpoint {

        /**
         * A heartbeat's body, as robot-gateway reads it.
         *
         * @param runningJobIds the jobs the robot runs
         * @param capacity      how many jobs it runs at once, 1 when absent
         */
        public record Heartbeat(List<String> runningJobIds, Integer capacity) {
        }

        /**
         * A heartbeat's answer, the shape of robot-gateway's.
         *
         * @param commands    always empty
         * @param pollAfterMs when to call again
         */
        public record HeartbeatAnswer(List<Object> commands, long pollAfterMs) {
        }

        /** Checks the body as robot-gateway does (required list, UUIDs, capacity 1 to 1000) and answers. */
        @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        public Mono<HeartbeatAnswer> heartbeat(@RequestBody(required = false) Heartbeat heartbeat) {
            if (heartbeat == null || heartbeat.runningJobIds() == null || heartbeat.runningJobIds().size() > 1000) {
                return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "runningJobIds is required"));
            }
            try {
                heartbeat.runningJobIds().forEach(UUID::fromString);
            } catch (IllegalArgumentException e) {
                return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage()));
            }
            int capacity = heartbeat.capacity() == null ? 1 : heartbeat.capacity();
            if (capacity < 1 || capacity > 1000) {
                return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "capacity must be 1 to 1000"));
            }
            return Mono.just(new HeartbeatAnswer(List.of(), POLL_AFTER_MS));
        }
    }
}
