package org.jobplatform.audit.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.jobplatform.audit.AuditServiceApplication;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * audit-service on a random port, on the shared embedded Kafka broker and PostgreSQL, with short retry back-offs and
 * lock timeouts and the users admin, acme, globex and initech. Every test class uses these same settings, so one
 * application context serves them all: two would be two instances splitting the consumer group's partitions.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@UsesSharedInfrastructure
@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"audit.ingest.lock-timeout=1s", "audit.ingest.lag-interval=500ms",
                "audit.replay.live-catch-up=10s", "audit.replay.poll-records=50",
                "spring.cloud.stream.default.consumer.back-off-initial-interval=100",
                "spring.cloud.stream.default.consumer.back-off-max-interval=200",
                "maintenance.instance.heartbeat-interval=1s",
                "maintenance.security.users[0].username=admin",
                "maintenance.security.users[0].password={noop}admin",
                "maintenance.security.users[0].host-admin=true",
                "maintenance.security.users[1].username=acme",
                "maintenance.security.users[1].password={noop}acme",
                "maintenance.security.users[1].tenant=acme",
                "maintenance.security.users[2].username=globex",
                "maintenance.security.users[2].password={noop}globex",
                "maintenance.security.users[2].tenant=globex",
                "maintenance.security.users[3].username=initech",
                "maintenance.security.users[3].password={noop}initech",
                "maintenance.security.users[3].tenant=initech"})
public @interface AuditServiceTest {
}
