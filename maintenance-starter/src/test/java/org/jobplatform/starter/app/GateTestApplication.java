package org.jobplatform.starter.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** A small maintenance-aware service: one work-creating route, one read, and a maintenance-API-like read. */
@SpringBootApplication
public class GateTestApplication {

    /** The routes the gate is tested on. */
    @RestController
    static class Routes {

        @PostMapping("/api/work")
        Mono<String> createWork() {
            return Mono.just("created");
        }

        @GetMapping("/api/work")
        Mono<String> readWork() {
            return Mono.just("read");
        }

        @GetMapping("/api/maintenance/logs")
        Mono<String> logs() {
            return Mono.just("logs");
        }
    }
}
