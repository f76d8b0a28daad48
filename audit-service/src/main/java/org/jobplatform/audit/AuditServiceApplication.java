package org.jobplatform.audit;

import org.jobplatform.audit.event.EventDecoder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** audit-service: per-tenant maintenance logs and the event journal. */
@SpringBootApplication
@EnableConfigurationProperties(AuditProperties.class)
public class AuditServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditServiceApplication.class, args);
    }

    @Bean
    EventDecoder eventDecoder() {
        return new EventDecoder();
    }
}
